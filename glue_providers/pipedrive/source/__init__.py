"""Pipedrive CRM source: persons, organizations, deals, leads and users.

API reference: https://developers.pipedrive.com/docs/api/v1 (v1 and v2 endpoints),
rate limits: https://pipedrive.readme.io/docs/core-api-concepts-rate-limiting.

- persons, organizations, deals: ``GET /api/v2/{object}``, cursor pages ordered by
  ``update_time``, incremental through ``updated_since``. Deleted deals are listed with
  ``status=deleted`` (up to 30 days after deletion) and come out with ``is_deleted``.
  Deleted persons and organizations cannot be listed: only full syncs reveal them.
- leads: ``GET /v1/leads``, offset pages; no time filter, so increments are filtered here.
  Deleted leads are gone for good: only full syncs reveal them.
- users: ``GET /v1/users``, one unpaginated list that keeps deleted users (``is_deleted``).

Each resource yields one Arrow table per page (see ``glue_providers.records``).
Requests go through ``ProviderClient`` rather than dlt's ``rest_api``: it carries the
bounded retries, Retry-After handling and rate-limit pauses every Glue source shares.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime

import dlt
import pyarrow as pa
from dlt.extract.resource import DltResource

from glue_providers.pipedrive.source.helpers import object_pages, open_client
from glue_providers.pipedrive.source.settings import DEFAULT_BASE_URL, DEFAULT_OBJECTS, ENDPOINTS, MAX_PAGE_SIZE


@dlt.source(name="pipedrive", max_table_nesting=0)
def pipedrive_source(
    access_token: str,
    base_url: str = DEFAULT_BASE_URL,
    objects: Sequence[str] = DEFAULT_OBJECTS,
    modified_since: Mapping[str, datetime | None] | None = None,
    page_size: int = 500,
) -> list[DltResource]:
    """One resource per object; ``modified_since[object]`` None (or absent) reads it in full.

    ``base_url`` is the company's API host (the OAuth token answer's ``api_domain``).
    """
    unknown = [name for name in objects if name not in ENDPOINTS]
    if unknown:
        raise ValueError(f"Pipedrive has no object(s) {', '.join(unknown)}; known: {', '.join(ENDPOINTS)}")
    since = dict(modified_since or {})
    size = max(1, min(page_size, MAX_PAGE_SIZE))
    return [_object_resource(name, access_token, base_url, since.get(name), size) for name in objects]


def _object_resource(name: str, access_token: str, base_url: str, since: datetime | None, page_size: int
                     ) -> DltResource:
    def pages() -> Iterator[pa.Table]:
        with open_client(access_token, base_url) as client:
            yield from object_pages(client, ENDPOINTS[name], since, page_size)

    return dlt.resource(pages, name=name, primary_key="id", write_disposition="merge")


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    """The registry's entry point; ``base_url`` is the company's API host."""
    return pipedrive_source(access_token=credentials["access_token"], base_url=base_url, objects=objects,
                            modified_since=modified_since)
