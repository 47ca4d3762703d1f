"""Paging, time filters and the service-protection answers of Dataverse's Web API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timezone
from urllib.parse import urlsplit

import httpx
import pyarrow as pa

from glue_providers.http import ProviderClient, ProviderError
from glue_providers.ms_dynamics_365_sales.source.settings import API_ROOT, MODIFIED_FIELD, Table
from glue_providers.records import records_table

MAX_PAGES = 1_000_000  # a nextLink that never ends must not keep a run reading forever
ANNOTATIONS = "OData.Community.Display.V1.FormattedValue,Microsoft.Dynamics.CRM.lookuplogicalname"
# Dataverse logical and entity set names: what may go into a URL's path.
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,127}$")


def custom_table(client: ProviderClient, logical_name: str) -> Table:
    """A table the customer made, found by its logical name in the organisation's metadata
    (``EntityDefinitions(LogicalName='new_project')``: its entity set and primary key)."""
    if not NAME.match(logical_name):
        raise ValueError(f"{logical_name!r} is not a Dataverse table name")
    definition = client.get(f"{API_ROOT}/EntityDefinitions(LogicalName='{logical_name}')",
                            params={"$select": "LogicalName,EntitySetName,PrimaryIdAttribute"}).json()
    entity_set, primary_key = definition.get("EntitySetName"), definition.get("PrimaryIdAttribute")
    if not (isinstance(entity_set, str) and NAME.match(entity_set) and isinstance(primary_key, str) and primary_key):
        raise ProviderError(200, f"the metadata of table {logical_name} names no entity set or primary key")
    return Table(entity_set, primary_key)


def open_client(access_token: str, base_url: str) -> ProviderClient:
    return ProviderClient(base_url, headers={
        "Authorization": f"Bearer {access_token}", "Accept": "application/json",
        "OData-MaxVersion": "4.0", "OData-Version": "4.0",
    })


def table_pages(client: ProviderClient, table: Table, since: datetime | None, page_size: int) -> Iterator[pa.Table]:
    """Every row of one table (modified at or after ``since`` if given), oldest change first, a table per page.

    Deleted rows are not listed: only a full sync, finding them missing, or change tracking reveals them."""
    params = {"$orderby": f"{MODIFIED_FIELD} asc"}
    if since is not None:
        params["$filter"] = f"{MODIFIED_FIELD} ge {odata_time(since)}"
    for body, _ in list_pages(client, table, f"{API_ROOT}/{table.entity_set}", params, page_headers(page_size)):
        if body.get("value"):
            yield records_table(row_of(table, r) for r in body["value"])


def page_headers(page_size: int, *preferences: str) -> dict[str, str]:
    # Every request of the list must ask again; the annotations give choice columns' labels as the organisation
    # words them and the table a polymorphic lookup (a contact's parent customer) points to.
    return {"Prefer": ",".join([*preferences, f"odata.maxpagesize={page_size}",
                                f'odata.include-annotations="{ANNOTATIONS}"'])}


def list_pages(client: ProviderClient, table: Table, url: str, params: dict | None, headers: dict,
               first: httpx.Response | None = None) -> Iterator[tuple[dict, httpx.Response]]:
    """Each page's body (and answer) of a list, following ``@odata.nextLink`` on the organisation's host;
    ``first``: the first page's answer, when the caller already has it."""
    origin = origin_of(str(client.http.base_url))
    query = params
    for _ in range(MAX_PAGES):
        response = first if first is not None else client.get(url, params=query, headers=headers)
        first = None
        body = response.json()
        yield body, response
        next_link = body.get("@odata.nextLink")
        if not next_link:
            return
        if not same_origin(next_link, origin):  # the access token must not follow a link off the organisation
            raise ProviderError(200, f"{table.entity_set}: the next page is on another host")
        url, query = next_link, None
    raise ProviderError(200, f"{table.entity_set}: more than {MAX_PAGES} pages")


def row_of(table: Table, record: dict) -> tuple:
    return record[table.primary_key], parse_time(record.get(MODIFIED_FIELD) or record.get("createdon")), False, record


def same_origin(url: str, origin: tuple[str, str]) -> bool:
    return origin_of(url) == origin


def odata_time(at: datetime) -> str:
    """A DateTimeOffset literal; Dataverse keeps whole seconds, so the second ``at`` falls in."""
    return _utc(at).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value: str | None) -> datetime:
    if not value:
        return datetime(1970, 1, 1, tzinfo=timezone.utc)
    return _utc(datetime.fromisoformat(value.replace("Z", "+00:00")))


def origin_of(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)
