"""Paging, time parsing and rate-limit pauses for the Pipedrive source."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import datetime, timezone

import httpx
import pyarrow as pa

from glue_providers.http import ProviderClient, ProviderError
from glue_providers.records import records_table
from glue_providers.pipedrive.source.settings import CURSOR, OFFSET, ObjectEndpoint

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def open_client(access_token: str, base_url: str) -> ProviderClient:
    return ProviderClient(
        base_url,
        headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
        pause_after=pause_for_rate_limit,
    )


def pause_for_rate_limit(response: httpx.Response) -> float:
    """Seconds to wait when the token's 2-second window is spent, so the next call is not a 429."""
    try:
        remaining = float(response.headers["x-ratelimit-remaining"])
        reset = float(response.headers.get("x-ratelimit-reset", "2"))
    except (KeyError, ValueError):
        return 0.0
    if not (math.isfinite(remaining) and math.isfinite(reset)):  # "inf" would pause forever, "nan" never compares
        return 0.0
    return max(0.0, reset) if remaining <= 0 else 0.0


def object_pages(client: ProviderClient, endpoint: ObjectEndpoint, since: datetime | None, page_size: int
                 ) -> Iterator[pa.Table]:
    """Every record of one object (modified at or after ``since`` if given), one table per page."""
    since = _utc(since) if since is not None else None
    # Pipedrive times are whole seconds: compare against the second ``since`` falls in.
    floor = since.replace(microsecond=0) if since is not None else None
    for records, deleted in _raw_pages(client, endpoint, floor, page_size):
        rows = []
        for record in records:
            modified = last_modified(record, endpoint.modified_field)
            if floor is not None and not endpoint.server_time_filter and modified < floor:
                continue
            rows.append((record["id"], modified, deleted or bool(record.get("is_deleted")), record))
        if rows:
            yield records_table(rows)


def _raw_pages(client: ProviderClient, endpoint: ObjectEndpoint, since: datetime | None, page_size: int
               ) -> Iterator[tuple[list[dict], bool]]:
    """Pages of raw records, each with whether they come from a list of deleted ones."""
    if endpoint.paging == CURSOR:
        params = {"limit": page_size, "sort_by": "update_time", "sort_direction": "asc"}
        if since is not None:
            params["updated_since"] = rfc3339(since)
        for page in cursor_pages(client, endpoint.path, params):
            yield page, False
        if endpoint.deleted_status:
            for page in cursor_pages(client, endpoint.path, {**params, "status": endpoint.deleted_status}):
                yield page, True
    elif endpoint.paging == OFFSET:
        for page in offset_pages(client, endpoint.path, page_size):
            yield page, False
    else:
        yield client.get(endpoint.path).json().get("data") or [], False


def cursor_pages(client: ProviderClient, path: str, params: dict) -> Iterator[list[dict]]:
    cursor = None
    while True:
        body = client.get(path, params={**params, "cursor": cursor} if cursor else params).json()
        data = body.get("data") or []
        if data:
            yield data
        next_cursor = (body.get("additional_data") or {}).get("next_cursor")
        if not next_cursor:
            return
        if next_cursor == cursor:
            raise ProviderError(200, f"{path} returned the same cursor twice")
        cursor = next_cursor


def offset_pages(client: ProviderClient, path: str, page_size: int) -> Iterator[list[dict]]:
    start = 0
    while True:
        body = client.get(path, params={"start": start, "limit": page_size}).json()
        data = body.get("data") or []
        if data:
            yield data
        more, next_start = offset_continuation(body.get("additional_data") or {}, start, len(data))
        if not more or not data:
            return
        start = next_start


def offset_continuation(additional_data: dict, start: int, received: int) -> tuple[bool, int]:
    """Whether an offset list goes on, and the ``start`` of its next page."""
    # Leads put {start, limit, more_items_in_collection} right in additional_data; other v1
    # lists nest it under "pagination" with next_start. Read either.
    pagination = additional_data.get("pagination") or additional_data
    next_start = pagination.get("next_start")
    return bool(pagination.get("more_items_in_collection")), int(next_start) if next_start is not None else start + received


def last_modified(record: dict, field: str) -> datetime:
    for name in (field, "add_time", "created"):
        value = record.get(name)
        if value:
            return parse_time(value)
    return EPOCH


def parse_time(value: str) -> datetime:
    """v2 RFC 3339 ("2024-01-01T10:20:00Z"), leads' "2020-10-14T11:30:36.551Z", v1 "2024-01-01 10:20:00" (UTC)."""
    return _utc(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))


def rfc3339(at: datetime) -> str:
    return _utc(at).strftime("%Y-%m-%dT%H:%M:%SZ")


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)
