"""Incremental reads through the CRM search API, past its 10,000-results-per-query cap.

A search sorted by last-modified ascending is paged until the cap; the next query
starts again from the last modification instant seen (inclusive), skipping the
records of that instant it already yielded.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from glue_providers.http import ProviderClient
from glue_providers.pacing import RequestPacer
from glue_providers.hubspot.source import settings
from glue_providers.hubspot.source.helpers import CrmObject, api_path, epoch_ms, object_pages, parse_time


def modified_since_pages(
    client: ProviderClient, crm_object: CrmObject, properties: Sequence[str], since: datetime, page_size: int,
    pacer: RequestPacer,
) -> Iterator[list[dict]]:
    """Pages of live records modified at or after ``since``, oldest first."""
    limit = min(2 * page_size, settings.SEARCH_PAGE_MAX)  # search pages may be twice list pages
    path = api_path(settings.SEARCH_PATH, object_type=crm_object.path_type)
    start, seen_at_start = since, set()
    while True:
        cap = settings.SEARCH_RESULTS_CAP
        offset, last_at, seen_at_last = 0, None, set()
        while True:
            body = {
                "filterGroups": [{"filters": [
                    {"propertyName": crm_object.modified_property, "operator": "GTE", "value": str(epoch_ms(start))}
                ]}],
                "sorts": [{"propertyName": crm_object.modified_property, "direction": "ASCENDING"}],
                "properties": list(properties),
                "limit": min(limit, cap - offset),
                "after": str(offset),
            }
            with pacer.request():
                page = client.post(path, json=body).json()
            fresh = []
            for record in page.get("results", []):
                at = _modified(record, crm_object)
                if at == start and record["id"] in seen_at_start:
                    continue  # yielded by the previous query
                fresh.append(record)
                if at != last_at:
                    last_at, seen_at_last = at, set()
                seen_at_last.add(record["id"])
            if fresh:
                yield fresh
            after = ((page.get("paging") or {}).get("next") or {}).get("after")
            if after is None:
                return
            offset = int(after)
            if offset >= cap:
                break
        if last_at is None or last_at <= start:
            # a whole capped query shares one instant: search cannot get past it, so scan the list instead
            yield from _listed_since(client, crm_object, properties, start, page_size)
            return
        start, seen_at_start = last_at, seen_at_last


def _listed_since(
    client: ProviderClient, crm_object: CrmObject, properties: Sequence[str], since: datetime, page_size: int
) -> Iterator[list[dict]]:
    for page in object_pages(client, crm_object, properties, archived=False, page_size=page_size):
        kept = [r for r in page if parse_time(r["updatedAt"]) >= since]
        if kept:
            yield kept


def _modified(record: dict, crm_object: CrmObject) -> datetime:
    value = (record.get("properties") or {}).get(crm_object.modified_property) or record["updatedAt"]
    return parse_time(value)
