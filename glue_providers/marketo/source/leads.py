"""Reading Marketo leads: in full through the Bulk Lead Extract, incrementally through lead-change activities.

Rows are (id, last modified, deleted, record) tuples for ``glue_providers.records``. Records read from the
extract's CSV get the types ``leads/describe.json`` gives their fields, so a lead reads the same whether it came
from the extract or from ``leads.json``.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone

from glue_providers.http import ProviderError
from glue_providers.marketo.client import MarketoClient
from glue_providers.marketo.source.times import EPOCH, iso, marketo_time

Row = tuple[str, datetime, bool, dict]

IDS_PER_CALL = 300  # leads.json takes at most 300 filter values
BATCH = 300  # activities answer at most 300 a page
EXTRACT_SPAN = timedelta(days=31) - timedelta(seconds=1)  # "31 days or fewer", both ends inclusive
# Where the extract starts when no early lead tells the instance's age: before Marketo existed.
OLDEST_POSSIBLE = datetime(2006, 1, 1, tzinfo=timezone.utc)
POLL_FIRST, POLL_MOST = 1.0, 60.0  # seconds between status polls, doubling
MAX_POLLS = 200
DONE, REFUSED = "Completed", {"Failed", "Cancelled"}
MAX_PAGES = 1_000_000


def lead_fields(client: MarketoClient) -> dict[str, str]:
    """REST field name -> Marketo data type, from the instance's own lead describe."""
    fields = {}
    for field in client.get("/rest/v1/leads/describe.json").get("result") or []:
        name = ((field or {}).get("rest") or {}).get("name")
        if isinstance(name, str) and name:
            fields[name] = str(field.get("dataType") or "string")
    if "id" not in fields:
        raise ProviderError(200, "Marketo's lead describe names no id field")
    return fields


# -- full: the bulk extract ----------------------------------------------------------------------------------


def full_leads(client: MarketoClient, fields: dict[str, str], *, now: datetime | None = None,
               sleep: Callable[[float], None] = time.sleep) -> Iterator[list[Row]]:
    """Every lead, one extract job per 31 days of creation dates from the oldest lead to now."""
    end = now or datetime.now(timezone.utc)
    start = oldest_lead(client) or OLDEST_POSSIBLE
    while start <= end:
        stop = min(start + EXTRACT_SPAN, end)
        rows = [_row(lead) for lead in parse_csv(extract(client, list(fields), start, stop, sleep), fields)]
        if rows:
            yield rows
        start = stop + timedelta(seconds=1)


def oldest_lead(client: MarketoClient) -> datetime | None:
    """The earliest creation date among the first lead ids (ids grow with creation): where the extract starts."""
    ids = ",".join(str(i) for i in range(1, IDS_PER_CALL + 1))
    leads = client.get("/rest/v1/leads.json", filterType="id", filterValues=ids, fields="id,createdAt")
    dates = [marketo_time(lead.get("createdAt")) for lead in leads.get("result") or [] if isinstance(lead, dict)]
    dates = [d for d in dates if d > EPOCH]
    return min(dates).replace(microsecond=0) if dates else None


def extract(client: MarketoClient, fields: list[str], start: datetime, stop: datetime,
            sleep: Callable[[float], None]) -> str:
    """One export job, created, enqueued, waited for and read: its CSV text."""
    created = client.post("/bulk/v1/leads/export/create.json", json={
        "fields": fields, "format": "CSV", "filter": {"createdAt": {"startAt": iso(start), "endAt": iso(stop)}}})
    export_id = _first(created).get("exportId")
    if not export_id:
        raise ProviderError(200, "Marketo created an export job without an exportId")
    job = f"/bulk/v1/leads/export/{export_id}"
    client.post(f"{job}/enqueue.json")
    wait = POLL_FIRST
    for _ in range(MAX_POLLS):
        status = str(_first(client.get(f"{job}/status.json")).get("status"))
        if status == DONE:
            return client.file(f"{job}/file.json")
        if status in REFUSED:
            raise ProviderError(200, f"Marketo's lead export {export_id} ended {status}")
        sleep(wait)
        wait = min(POLL_MOST, wait * 2)
    raise ProviderError(200, f"Marketo's lead export {export_id} did not complete after {MAX_POLLS} polls")


def parse_csv(text: str, fields: dict[str, str]) -> Iterator[dict]:
    for line in csv.DictReader(io.StringIO(text)):
        yield {name: typed(value, fields.get(name, "string")) for name, value in line.items() if name}


def typed(value: str | None, data_type: str) -> object:
    """A CSV cell as leads.json would show it: empty is null, integers and booleans are not text."""
    if value is None or value == "":
        return None
    if data_type == "integer":
        try:
            return int(value)
        except ValueError:
            return value
    if data_type == "boolean" and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


# -- incremental: lead-change activities ---------------------------------------------------------------------


def changed_leads(client: MarketoClient, fields: dict[str, str], since: datetime) -> Iterator[list[Row]]:
    """Leads created or changed since ``since`` (read again by id), then those deleted since then."""
    watched = ",".join(name for name in fields if name != "id")
    changed: dict[int, None] = {}  # ordered: first change first
    for page in activity_pages(client, "/rest/v1/activities/leadchanges.json", since, fields=watched):
        changed |= {int(a["leadId"]): None for a in page if a.get("leadId") is not None}
    ids = list(changed)
    for start in range(0, len(ids), IDS_PER_CALL):
        chunk = ",".join(str(i) for i in ids[start:start + IDS_PER_CALL])
        leads = client.get("/rest/v1/leads.json", filterType="id", filterValues=chunk, fields=",".join(fields))
        rows = [_row(lead) for lead in leads.get("result") or [] if isinstance(lead, dict) and lead.get("id")]
        if rows:
            yield rows
    for page in activity_pages(client, "/rest/v1/activities/deletedleads.json", since):
        rows = [(str(a["leadId"]), marketo_time(a.get("activityDate")), True, a) for a in page
                if a.get("leadId") is not None]
        if rows:
            yield rows


def activity_pages(client: MarketoClient, path: str, since: datetime, **params) -> Iterator[list[dict]]:
    """Pages of activities from ``since``, following ``nextPageToken`` while ``moreResult`` says so."""
    token = client.get("/rest/v1/activities/pagingtoken.json", sinceDatetime=iso(since)).get("nextPageToken")
    for _ in range(MAX_PAGES):
        if not token:
            raise ProviderError(200, f"Marketo answered {path} without a nextPageToken")
        body = client.get(path, nextPageToken=token, batchSize=BATCH, **params)
        page = [a for a in body.get("result") or [] if isinstance(a, dict)]
        if page:
            yield page
        if not body.get("moreResult"):
            return
        token = body.get("nextPageToken")
    raise ProviderError(200, f"Marketo still had more of {path} after {MAX_PAGES} pages")


def _row(lead: dict) -> Row:
    return str(lead["id"]), marketo_time(lead.get("updatedAt") or lead.get("createdAt")), False, lead


def _first(body: dict) -> dict:
    result = body.get("result") or []
    return result[0] if result and isinstance(result[0], dict) else {}
