"""Marketo source: leads and programs of one instance (``https://<munchkin id>.mktorest.com``).

Objects, and why (Marketo's REST reference, experienceleague.adobe.com/en/docs/marketo-developer):

- ``leads``: Marketo lists no leads without a filter, so
  - a full read uses the Bulk Lead Extract (``/bulk/v1/leads/export/...``: create with a ``createdAt`` range of at
    most 31 days, enqueue, poll status, fetch the CSV file), one job per 31 days from the oldest lead to now
    (leads.py). Bulk extract is the interface Marketo recommends for large reads and ETL.
  - an incremental read asks for a paging token at the cursor (``activities/pagingtoken.json?sinceDatetime=``),
    pages ``activities/leadchanges.json`` (New Lead and Change Data Value activities) to learn which leads
    changed, reads those leads by id (``leads.json?filterType=id``, 300 ids a call), and pages
    ``activities/deletedleads.json`` to land deleted leads as such.
  The fields read are those ``leads/describe.json`` names (REST names).
- ``programs``: the Asset API's ``/rest/asset/v1/programs.json`` pages by ``offset``/``maxReturn`` (200 at most)
  and filters by ``earliestUpdatedAt``/``latestUpdatedAt``; the list ends with an answer holding no result.
  Marketo reports no deleted programs: full syncs flag them.

Left out for now: activities in general (hundreds of types, purged after 90 days), campaigns and static lists.
Errors come inside HTTP 200 answers; client.py turns them into waits, token requests or a paused sync.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone

import dlt
import pyarrow as pa
from dlt.extract.resource import DltResource

from glue_providers.marketo.client import WINDOW_CALLS, WINDOW_SECONDS, MarketoClient
from glue_providers.marketo.source.leads import changed_leads, full_leads, lead_fields
from glue_providers.marketo.source.times import iso, marketo_time
from glue_providers.pacing import RequestPacer
from glue_providers.records import records_table

OBJECTS = ("leads", "programs")
PROGRAMS_PER_PAGE = 200  # Marketo's most for asset lists
MAX_PAGES = 100_000


@dlt.source(name="marketo", max_table_nesting=0)
def marketo_source(client_id: str, client_secret: str, base_url: str, objects: Sequence[str] = OBJECTS,
                   modified_since: Mapping[str, datetime | None] | None = None) -> list[DltResource]:
    """One resource per object; ``modified_since[object]`` None (or absent) reads it in full."""
    unknown = [name for name in objects if name not in OBJECTS]
    if unknown:
        raise ValueError(f"Marketo has no object(s) {', '.join(unknown)}; known: {', '.join(OBJECTS)}")
    since = dict(modified_since or {})
    # One pacer for the whole instance: Marketo counts 100 calls in 20 s across every resource read at once.
    pacer = RequestPacer(WINDOW_CALLS, WINDOW_SECONDS)

    def leads() -> Iterator[pa.Table]:
        with MarketoClient(base_url, client_id, client_secret, pacer=pacer) as client:
            fields = lead_fields(client)
            cursor = since.get("leads")
            batches = full_leads(client, fields) if cursor is None else changed_leads(client, fields, cursor)
            for batch in batches:
                yield records_table(batch)

    def programs() -> Iterator[pa.Table]:
        with MarketoClient(base_url, client_id, client_secret, pacer=pacer) as client:
            for page in program_pages(client, since.get("programs")):
                yield records_table((p["id"], marketo_time(p.get("updatedAt") or p.get("createdAt")), False, p)
                                    for p in page)

    readers = {"leads": leads, "programs": programs}
    return [dlt.resource(readers[name], name=name, primary_key="id", write_disposition="merge") for name in objects]


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    """The registry's entry point; ``base_url`` is the instance's REST endpoint (identity and API share it)."""
    return marketo_source(credentials["client_id"], credentials["client_secret"], base_url, objects, modified_since)


def program_pages(client: MarketoClient, since: datetime | None) -> Iterator[list[dict]]:
    params: dict = {"maxReturn": PROGRAMS_PER_PAGE}
    if since is not None:
        # Both ends: Marketo applies the range only when it has both.
        params |= {"earliestUpdatedAt": iso(since), "latestUpdatedAt": iso(datetime.now(timezone.utc))}
    offset = 0
    for _ in range(MAX_PAGES):
        body = client.get("/rest/asset/v1/programs.json", **params, offset=offset)
        page = [p for p in body.get("result") or [] if isinstance(p, dict) and p.get("id") is not None]
        if not page:  # the end: Marketo answers no result (and a "No assets found" warning)
            return
        yield page
        offset += len(page)
    raise RuntimeError(f"Marketo still had programs after {MAX_PAGES} pages")
