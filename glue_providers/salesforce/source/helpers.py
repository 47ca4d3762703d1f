"""HTTP and SOQL helpers of the Salesforce source: describe, queryAll paging, rate-limit header."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timezone

import httpx
import pyarrow as pa

from glue_providers.http import ProviderClient, ProviderError
from glue_providers.records import records_table
from glue_providers.salesforce.source.settings import (
    CURSOR_FIELDS,
    DESCRIBE_PATH,
    MAX_BATCH_SIZE,
    MIN_BATCH_SIZE,
    QUERY_ALL_PATH,
    UNSELECTABLE_FIELD_TYPES,
)

logger = logging.getLogger(__name__)


class ApiLimitExhausted(ProviderError):
    """The org's daily API request allocation is spent: retry the sync later.

    Salesforce says so with 403 REQUEST_LIMIT_EXCEEDED, or the Sforce-Limit-Info header says the
    allocation is used up; either way the credentials are fine, so the sync must not pause for them.
    """


def api_client(access_token: str, instance_url: str, *, stop_when_spent: bool = True) -> ProviderClient:
    return ProviderClient(
        instance_url,
        headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
        pause_after=check_api_usage if stop_when_spent else None,
    )


def api_usage(response: httpx.Response) -> tuple[int, int] | None:
    """(used, max) from ``Sforce-Limit-Info: api-usage=N/M[; per-app-api-usage=...]``."""
    for part in response.headers.get("sforce-limit-info", "").split(";"):
        name, _, value = part.strip().partition("=")
        used, _, limit = value.partition("/")
        # isascii: "²".isdigit() is true too, and int() cannot read it
        if name == "api-usage" and (used + limit).isascii() and used.isdigit() and limit.isdigit():
            return int(used), int(limit)
    return None


def check_api_usage(response: httpx.Response) -> float:
    """The pause_after hook. Salesforce's allocation is a rolling 24 hours, so pausing seconds
    would not help: stop the sync once the allocation is spent (rather than eat into the burst
    Salesforce may still allow, which the customer's other integrations need), and warn before."""
    usage = api_usage(response)
    if usage is None:
        return 0.0
    used, limit = usage
    if used >= limit:
        raise ApiLimitExhausted(403, f"REQUEST_LIMIT_EXCEEDED: the org used {used} of its {limit} daily API requests")
    if used >= 0.9 * limit and used % 100 == 0:
        logger.warning("Salesforce org has used %s of its %s daily API requests", used, limit)
    return 0.0


def get_json(client: ProviderClient, url: str, **kwargs):
    try:
        return client.get(url, **kwargs).json()
    except ProviderError as exc:
        # The shared client already keeps a spent quota apart from revoked access; name it for callers.
        if exc.status_code != 403 or "limit exceeded" not in exc.message.lower() or isinstance(exc, ApiLimitExhausted):
            raise
        message = exc.message
    raise ApiLimitExhausted(403, f"REQUEST_LIMIT_EXCEEDED: {message}")


def describe_fields(client: ProviderClient, api_version: str, object_name: str) -> list[str]:
    """The object's field names a SOQL query can select (SOQL has no SELECT *)."""
    body = get_json(client, DESCRIBE_PATH.format(version=api_version, object=object_name))
    return [f["name"] for f in body["fields"] if f.get("type") not in UNSELECTABLE_FIELD_TYPES]


def cursor_field(fields: list[str], object_name: str) -> str:
    for name in CURSOR_FIELDS:
        if name in fields:
            return name
    raise ProviderError(400, f"{object_name} has no timestamp field to sync by")


def build_soql(object_name: str, fields: list[str], cursor: str, since: datetime | None) -> str:
    """Full: every record in cursor order. Incremental: from ``since`` on, inclusive.

    ``since`` is written to the second (SOQL's documented dateTime format) and rounded down,
    which keeps the window inclusive. Ordering by Id too makes pages stable within one instant.
    """
    where = ""
    if since is not None:
        at = (since if since.tzinfo else since.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
        where = f" WHERE {cursor} >= {at:%Y-%m-%dT%H:%M:%S}Z"
    return f"SELECT {', '.join(fields)} FROM {object_name}{where} ORDER BY {cursor}, Id"


def query_all_pages(client: ProviderClient, api_version: str, soql: str, page_size: int) -> Iterator[list[dict]]:
    """Each batch of records, following nextRecordsUrl until done."""
    batch = max(MIN_BATCH_SIZE, min(MAX_BATCH_SIZE, page_size))
    headers = {"Sforce-Query-Options": f"batchSize={batch}"}
    body = get_json(client, QUERY_ALL_PATH.format(version=api_version), params={"q": soql}, headers=headers)
    while True:
        yield body.get("records", [])
        if body.get("done", True):
            return
        next_url = body.get("nextRecordsUrl")
        if not next_url:
            raise ProviderError(200, "query answered done=false without nextRecordsUrl")
        body = get_json(client, next_url, headers=headers)


def page_table(records: list[dict], cursor: str) -> pa.Table:
    """One page as the shared record contract; deleted records (queryAll) keep IsDeleted = true."""
    return records_table(
        (record["Id"], parse_datetime(record[cursor]), bool(record.get("IsDeleted")),
         {k: value for k, value in record.items() if k != "attributes"})
        for record in records
    )


def parse_datetime(value: str) -> datetime:
    """Salesforce writes ``2024-01-31T12:00:00.000+0000``."""
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f%z").astimezone(timezone.utc)
