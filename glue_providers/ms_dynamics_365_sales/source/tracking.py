"""Dataverse change tracking: a table read once with ``Prefer: odata.track-changes`` hands out a delta link;
reading that link later answers the rows created or changed since, and the deleted ones as
``{"@odata.context": ".../$metadata#accounts/$deletedEntity", "id", "reason": "deleted"}``, then a new link
(https://learn.microsoft.com/power-apps/developer/data-platform/use-change-tracking-synchronize-data-external-systems).

Refusals come on the first request of a read, before any row: a table without change tracking refuses the
tracked read (the source then reads it as before), and an expired or unknown delta token (ExpiredVersionStamp,
0x80044352, kept 7 days by default) refuses the link (the source then reads the table in full again).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import httpx
import pyarrow as pa

from glue_providers.http import ProviderClient, ProviderError
from glue_providers.ms_dynamics_365_sales.source.helpers import (
    list_pages, origin_of, page_headers, row_of, same_origin,
)
from glue_providers.ms_dynamics_365_sales.source.settings import API_ROOT, Table
from glue_providers.records import records_table

TRACK_CHANGES = "odata.track-changes"
DELETED_ENTITY = "/$deletedEntity"
REFUSALS = (400, 404, 410)  # what a table without tracking, or a link no longer served, answers


class TrackingRefused(Exception):
    """The first request of a tracked read was refused: nothing was read."""


class TrackedRead:
    """One tracked read of a table: its pages, then (``delta_link``) where the next read starts."""

    def __init__(self, client: ProviderClient, table: Table, page_size: int):
        self.client, self.table, self.page_size = client, table, page_size
        self.delta_link: str | None = None

    def full(self) -> Iterator[pa.Table]:
        """Every live row (no ``$filter`` or ``$orderby``: change tracking refuses them)."""
        url = f"{API_ROOT}/{self.table.entity_set}"
        return self._read(url, page_headers(self.page_size, TRACK_CHANGES))

    def changes(self, delta_link: str) -> Iterator[pa.Table]:
        """What changed since the link was handed out; deletions as deleted rows."""
        if not same_origin(delta_link, origin_of(str(self.client.http.base_url))):
            raise TrackingRefused("the delta link names another host")  # the organisation moved: start over
        self.delta_link = delta_link  # an answer without a new link leaves the old one standing
        return self._read(delta_link, page_headers(self.page_size))

    def _read(self, url: str, headers: dict) -> Iterator[pa.Table]:
        try:
            first = self.client.get(url, headers=headers)
        except ProviderError as exc:
            if exc.status_code in REFUSALS:
                raise TrackingRefused(exc.message) from None
            raise
        return self._pages(url, headers, first)

    def _pages(self, url: str, headers: dict, first: httpx.Response) -> Iterator[pa.Table]:
        for body, response in list_pages(self.client, self.table, url, None, headers, first):
            answered_at = _answered_at(response)
            rows = [self._row(record, answered_at) for record in body.get("value") or []]
            if rows:
                yield records_table(rows)
            if body.get("@odata.deltaLink"):
                self.delta_link = body["@odata.deltaLink"]

    def _row(self, record: dict, answered_at: datetime) -> tuple:
        if str(record.get("@odata.context", "")).endswith(DELETED_ENTITY):
            # A deletion carries no time of its own: the answer reporting it is when it was known to have happened.
            return record["id"], answered_at, True, record
        return row_of(self.table, record)


def _answered_at(response: httpx.Response) -> datetime:
    try:
        return parsedate_to_datetime(response.headers["date"]).astimezone(timezone.utc)
    except (KeyError, TypeError, ValueError):
        return datetime.now(timezone.utc)
