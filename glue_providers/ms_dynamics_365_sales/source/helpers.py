"""Paging, time filters and the service-protection answers of Dataverse's Web API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timezone
from urllib.parse import urlsplit

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

    Deleted rows are not listed: only a full sync, finding them missing, reveals them."""
    params = {"$orderby": f"{MODIFIED_FIELD} asc"}
    if since is not None:
        params["$filter"] = f"{MODIFIED_FIELD} ge {odata_time(since)}"
    # Every request of the list must ask again; the annotations give choice columns' labels as the organisation
    # words them and the table a polymorphic lookup (a contact's parent customer) points to.
    headers = {"Prefer": f'odata.maxpagesize={page_size},odata.include-annotations="{ANNOTATIONS}"'}
    origin = _origin(str(client.http.base_url))
    url, query = f"{API_ROOT}/{table.entity_set}", params
    for _ in range(MAX_PAGES):
        body = client.get(url, params=query, headers=headers).json()
        rows = [(r[table.primary_key], parse_time(r.get(MODIFIED_FIELD) or r.get("createdon")), False, r)
                for r in body.get("value") or []]
        if rows:
            yield records_table(rows)
        next_link = body.get("@odata.nextLink")
        if not next_link:
            return
        if _origin(next_link) != origin:  # the access token must not follow a link off the organisation
            raise ProviderError(200, f"{table.entity_set}: the next page is on another host")
        url, query = next_link, None
    raise ProviderError(200, f"{table.entity_set}: more than {MAX_PAGES} pages")


def odata_time(at: datetime) -> str:
    """A DateTimeOffset literal; Dataverse keeps whole seconds, so the second ``at`` falls in."""
    return _utc(at).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value: str | None) -> datetime:
    if not value:
        return datetime(1970, 1, 1, tzinfo=timezone.utc)
    return _utc(datetime.fromisoformat(value.replace("Z", "+00:00")))


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)
