"""HubSpot CRM source: contacts, companies, deals, leads, owners and custom objects.

API reference: https://developers.hubspot.com/docs/api/crm/understanding-the-crm
(objects: https://developers.hubspot.com/docs/api/crm/objects, search:
https://developers.hubspot.com/docs/api/crm/search, owners:
https://developers.hubspot.com/docs/api/crm/owners, associations v4:
https://developers.hubspot.com/docs/api/crm/associations).

A full read lists every live record and then the archived ones (``is_deleted``);
an incremental read searches by last-modified date and lists archived records,
keeping those archived since the cursor. Owners have no search: they are listed
in full and filtered on ``updatedAt``. Each resource yields one Arrow table per
page in the shared record layout (id, last_modified_at, is_deleted, raw_data).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime

import dlt
import pyarrow as pa
from dlt.sources import DltResource

from glue_providers.hubspot.source import settings
from glue_providers.hubspot.source.helpers import (
    as_utc, attach_associations, check_object_name, hubspot_client, last_modified, list_pages, object_pages,
    pages_table, property_names, resolve_object,
)
from glue_providers.hubspot.source.search import modified_since_pages
from glue_providers.pacing import RequestPacer

__all__ = ["hubspot_source"]


@dlt.source(name="hubspot", max_table_nesting=0)
def hubspot_source(
    access_token: str,
    base_url: str = settings.DEFAULT_BASE_URL,
    objects: Sequence[str] = settings.DEFAULT_OBJECTS,
    modified_since: Mapping[str, datetime | None] | None = None,
    associations: Mapping[str, Sequence[str]] | None = None,
    page_size: int = 100,
) -> list[DltResource]:
    """One resource per object. ``modified_since[object]``: None reads everything, a datetime reads
    changes at or after it. ``associations[object]``: object types whose associations to fetch."""
    modified_since = modified_since or {}
    associations = associations or {}
    for name in objects:
        check_object_name(name)
    pacer = RequestPacer(settings.SEARCH_REQUESTS_PER_SECOND)  # one account, shared by every resource

    def reader(name: str) -> DltResource:
        since = modified_since.get(name)
        since = as_utc(since) if since is not None else None

        def pages() -> Iterator[pa.Table]:
            # the client lives inside the generator so it opens and closes with the extraction
            with hubspot_client(access_token, base_url) as client:
                if name == settings.OWNERS:
                    yield from _owner_tables(client, since, page_size)
                else:
                    yield from _crm_tables(client, name, since, list(associations.get(name, ())), page_size, pacer)

        return dlt.resource(pages, name=name, primary_key="id", write_disposition="merge")

    return [reader(name) for name in objects]


def _crm_tables(client, name: str, since: datetime | None, to_types: list[str], page_size: int,
                pacer: RequestPacer) -> Iterator[pa.Table]:
    crm_object = resolve_object(client, name)
    properties = property_names(client, crm_object)
    if since is None:
        live = object_pages(client, crm_object, properties, archived=False, page_size=page_size)
    else:
        live = modified_since_pages(client, crm_object, properties, since, page_size, pacer)
    for page in live:
        if to_types:
            attach_associations(client, crm_object, page, to_types)
        yield pages_table(page, deleted=False)
    # search never returns archived records, so both kinds of read list them
    for page in object_pages(client, crm_object, properties, archived=True, page_size=page_size):
        kept = page if since is None else [r for r in page if last_modified(r) >= since]
        if kept:
            yield pages_table(kept, deleted=True)


def _owner_tables(client, since: datetime | None, page_size: int) -> Iterator[pa.Table]:
    for archived in (False, True):
        params = {"archived": str(archived).lower()}
        for page in list_pages(client, settings.OWNERS_PATH, params, min(page_size, settings.OWNERS_PAGE_MAX)):
            kept = page if since is None else [r for r in page if last_modified(r) >= since]
            if kept:
                yield pages_table(kept, deleted=archived)


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    """The registry's entry point: ``options["associations"]`` maps an object to the types to associate."""
    return hubspot_source(access_token=credentials["access_token"], base_url=base_url, objects=objects,
                          modified_since=modified_since, associations=options.get("associations") or {})
