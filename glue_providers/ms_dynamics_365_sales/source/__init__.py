"""Microsoft Dynamics 365 Sales source: accounts, contacts, leads, opportunities and users (systemusers),
and the customer's own tables (custom objects, by logical name: ``new_project``).

API reference: https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-data-web-api
(OData queries, ``Prefer: odata.maxpagesize``, ``@odata.nextLink``) and
https://learn.microsoft.com/power-apps/developer/data-platform/api-limits (service protection).

Each table is listed from ``/api/data/v9.2/{entity set}`` on the organisation's own URL, ordered by
``modifiedon``, incrementally with ``$filter=modifiedon ge <time>``, following ``@odata.nextLink`` to the
end; a custom table's entity set and key come from ``EntityDefinitions``. Rows are read whole (no
``$select``): the customer's own columns (``new_...``) land with the standard ones, with choice labels
and lookup tables as annotations.

Deletions: lists do not show deleted rows, but tables with change tracking do (tracking.py). A full read
of such a table asks for a delta link, kept as the sync's source state; the next incremental run reads
that link instead of filtering on ``modifiedon``: the changed rows, and the deleted ones landing as
deleted. A refused link (expired) means a full read again; a table without change tracking is read on
``modifiedon`` as before, and its deletions are flagged by full syncs.

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
from glue_providers.ms_dynamics_365_sales.source.settings import DEFAULT_OBJECTS, MAX_PAGE_SIZE, TABLES, Table
from glue_providers.ms_dynamics_365_sales.source.tracking import TrackedRead, TrackingRefused
from glue_providers.source_state import previous_state, report_read_in_full, report_state


@dlt.source(name="ms_dynamics_365_sales", max_table_nesting=0)
def dynamics_source(
    access_token: str,
    base_url: str,
    objects: Sequence[str] = DEFAULT_OBJECTS,
    modified_since: Mapping[str, datetime | None] | None = None,
    page_size: int = MAX_PAGE_SIZE,
    options: dict | None = None,
) -> list[DltResource]:
    """One resource per table; ``modified_since[object]`` None (or absent) reads it in full.
    ``base_url`` is the organisation URL (``https://{org}.crm.dynamics.com``); ``options`` carries each
    table's delta link in and out (glue_providers.source_state)."""
    unknown = [name for name in objects if name not in TABLES and not NAME.match(name)]
    if unknown:
        raise ValueError(f"{', '.join(unknown)}: not Dataverse table names")
    since = dict(modified_since or {})
    size = max(1, min(page_size, MAX_PAGE_SIZE))
    return [_table_resource(name, access_token, base_url, since.get(name), size, options) for name in objects]


def _table_resource(name: str, access_token: str, base_url: str, since: datetime | None, page_size: int,
                    options: dict | None) -> DltResource:
    def pages() -> Iterator[pa.Table]:
        with open_client(access_token, base_url) as client:
            table = TABLES.get(name) or custom_table(client, name)
            yield from _read(client, table, name, since, page_size, options)

    return dlt.resource(pages, name=name, primary_key="id", write_disposition="merge")


def _read(client, table: Table, name: str, since: datetime | None, page_size: int, options: dict | None
          ) -> Iterator[pa.Table]:
    """The table's changes through its delta link when the last run left one; else a full read that asks for
    a delta link (tracked), or the ``modifiedon`` read of a table without change tracking."""
    read = TrackedRead(client, table, page_size)
    kept = previous_state(options, name)
    link = kept.get("delta_link") if isinstance(kept, dict) else None
    if isinstance(link, str) and since is not None:
        try:
            pages = read.changes(link)
        except TrackingRefused:  # expired or unknown: read it all again, and the engine flags what is gone
            report_read_in_full(options, name)
            since = None
        else:
            yield from pages
            report_state(options, name, {"delta_link": read.delta_link})
            return
    if since is None:
        try:
            pages = read.full()
        except TrackingRefused:  # the table does not track changes
            pages = None
        if pages is not None:
            yield from pages
            report_state(options, name, {"delta_link": read.delta_link} if read.delta_link else None)
            return
    yield from table_pages(client, table, since, page_size)


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    """The registry's entry point; ``base_url`` is the organisation URL."""
    return dynamics_source(access_token=credentials["access_token"], base_url=base_url, objects=objects,
                           modified_since=modified_since, options=options)
