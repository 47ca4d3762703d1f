"""Microsoft Dynamics 365 Sales source: accounts, contacts, leads, opportunities and users (systemusers),
and the customer's own tables (custom objects, by logical name: ``new_project``).

API reference: https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-data-web-api
(OData queries, ``Prefer: odata.maxpagesize``, ``@odata.nextLink``) and
https://learn.microsoft.com/power-apps/developer/data-platform/api-limits (service protection).

Each table is listed from ``/api/data/v9.2/{entity set}`` on the organisation's own URL, ordered by
``modifiedon``, incrementally with ``$filter=modifiedon ge <time>``, following ``@odata.nextLink`` to the
end; a custom table's entity set and key come from ``EntityDefinitions``. Rows are read whole (no
``$select``): the customer's own columns (``new_...``) land with the standard ones, with choice labels
and lookup tables as annotations. The Web API does not list deleted rows, so a full sync flags them.
429s (6,000 requests per user per five minutes) are waited out as ``Retry-After`` says, or pause the
syncs when the wait is long.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime

import dlt
import pyarrow as pa
from dlt.extract.resource import DltResource

from glue_providers.ms_dynamics_365_sales.source.helpers import NAME, custom_table, open_client, table_pages
from glue_providers.ms_dynamics_365_sales.source.settings import DEFAULT_OBJECTS, MAX_PAGE_SIZE, TABLES


@dlt.source(name="ms_dynamics_365_sales", max_table_nesting=0)
def dynamics_source(
    access_token: str,
    base_url: str,
    objects: Sequence[str] = DEFAULT_OBJECTS,
    modified_since: Mapping[str, datetime | None] | None = None,
    page_size: int = MAX_PAGE_SIZE,
) -> list[DltResource]:
    """One resource per table; ``modified_since[object]`` None (or absent) reads it in full.
    ``base_url`` is the organisation URL (``https://{org}.crm.dynamics.com``)."""
    unknown = [name for name in objects if name not in TABLES and not NAME.match(name)]
    if unknown:
        raise ValueError(f"{', '.join(unknown)}: not Dataverse table names")
    since = dict(modified_since or {})
    size = max(1, min(page_size, MAX_PAGE_SIZE))
    return [_table_resource(name, access_token, base_url, since.get(name), size) for name in objects]


def _table_resource(name: str, access_token: str, base_url: str, since: datetime | None, page_size: int
                    ) -> DltResource:
    def pages() -> Iterator[pa.Table]:
        with open_client(access_token, base_url) as client:
            table = TABLES.get(name) or custom_table(client, name)
            yield from table_pages(client, table, since, page_size)

    return dlt.resource(pages, name=name, primary_key="id", write_disposition="merge")


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    """The registry's entry point; ``base_url`` is the organisation URL."""
    return dynamics_source(access_token=credentials["access_token"], base_url=base_url, objects=objects,
                           modified_since=modified_since)
