"""Outreach source: prospects, accounts, users, sequences, sequenceStates, mailboxes and sequenceSteps.

API reference: https://developers.outreach.io/api/ (JSON:API v2 on ``https://api.outreach.io/api/v2``).

- Every object: ``GET /api/v2/{object}`` with ``page[size]=1000`` (the most Outreach serves),
  following ``links.next`` to the end, ``count=false`` (no counting cost).
- Incremental reads sort by ``updatedAt`` and filter ``filter[updatedAt]=<since>..<read start>``:
  Outreach's ranges are inclusive at both ends, so a record updated exactly at ``since`` is read
  (no gap), and the upper end, fixed when the read begins, keeps a record updated while pages are
  read from moving behind the cursor and coming twice in one read (no duplicate); every record
  read is older than the upper end, so the next read (from this one's newest record) picks such a
  record up. ``since`` keeps its milliseconds (Outreach's precision), never rounded up.
- Full reads sort by ``id`` (every live record once, so missing ones are deletions), then catch up
  with ``filter[updatedAt]=<read start>..<catch-up start>``: a record changed while the id pages
  were read, behind them, comes again in its newer version (the engine keeps the newest of one
  run's copies), so the cursor, the newest record read, leaves nothing older unread.
- Deleted records leave Outreach's lists: only full syncs find them missing.
- 10,000 requests per user per hour, reported in ``x-ratelimit-*`` (the reset is a Unix time):
  when an answer says none remain, the read waits for the reset if it is near, else ends at
  once with ``ProviderRateLimited`` so the engine pauses the connection's syncs until then.

Each resource yields one Arrow table per page (``glue_providers.records``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, timezone

import dlt
import httpx
import pyarrow as pa
from dlt.extract.resource import DltResource

from glue_providers.http import ProviderClient, ProviderError, ProviderRateLimited
from glue_providers.outreach.objects import OBJECTS
from glue_providers.records import records_table

DEFAULT_BASE_URL = "https://api.outreach.io"
API_PREFIX = "/api/v2"
MAX_PAGE_SIZE = 1000
# A spent hour whose reset is this near is waited for; a later one ends the read (the engine pauses).
LONGEST_WAIT_SECONDS = 30.0
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dlt.source(name="outreach", max_table_nesting=0)
def outreach_source(
    access_token: str,
    base_url: str = DEFAULT_BASE_URL,
    objects: Sequence[str] = OBJECTS,
    modified_since: Mapping[str, datetime | None] | None = None,
    page_size: int = MAX_PAGE_SIZE,
    now: Callable[[], datetime] = lambda: now_utc(),
) -> list[DltResource]:
    """One resource per object; ``modified_since[object]`` None (or absent) reads it in full."""
    unknown = [name for name in objects if name not in OBJECTS]
    if unknown:
        raise ValueError(f"Outreach has no object(s) {', '.join(unknown)}; known: {', '.join(OBJECTS)}")
    since = dict(modified_since or {})
    size = max(1, min(page_size, MAX_PAGE_SIZE))

    def resource(name: str) -> DltResource:
        def pages() -> Iterator[pa.Table]:
            with open_client(access_token, base_url) as client:
                yield from object_pages(client, name, since.get(name), size, now())

        return dlt.resource(pages, name=name, primary_key="id", write_disposition="merge")

    return [resource(name) for name in objects]


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    """The registry's entry point."""
    return outreach_source(access_token=credentials["access_token"], base_url=base_url, objects=objects,
                           modified_since=modified_since)


def open_client(access_token: str, base_url: str) -> ProviderClient:
    return ProviderClient(
        base_url,
        headers={"Authorization": f"Bearer {access_token}", "Accept": "application/vnd.api+json",
                 "Content-Type": "application/vnd.api+json"},
        pause_after=pause_for_spent_hour,
    )


def pause_for_spent_hour(response: httpx.Response, clock: Callable[[], float] = time.time) -> float:
    """Seconds to wait before the next request when the user's hour is spent; raises ``ProviderRateLimited``
    when the hour resets too far ahead to wait for in a run."""
    remaining = _integer(response.headers.get("x-ratelimit-remaining"))
    resets_at = _integer(response.headers.get("x-ratelimit-reset"))
    if remaining is None or remaining > 0 or resets_at is None:
        return 0.0
    wait = max(0.0, resets_at - clock())
    if wait > LONGEST_WAIT_SECONDS:
        raise ProviderRateLimited(429, "Outreach's hourly allowance of requests is spent", wait)
    return wait


def object_pages(client: ProviderClient, name: str, since: datetime | None, page_size: int, read_start: datetime
                 ) -> Iterator[pa.Table]:
    """Every record of one object (updated from ``since`` to the read's start, if given), a table per page."""
    path = f"{API_PREFIX}/{name}"
    if since is not None:
        yield from _tables(linked_pages(client, path, _range_params(page_size, since, read_start)))
        return
    # id -> updatedAt of records read that had already changed since the read began: the catch-up skips
    # those it would bring again unchanged (only they can be in its range; a few, not the whole object).
    read_versions: dict = {}
    start = parse_time(iso(read_start))  # the catch-up's lower end, to the millisecond as sent
    for records in linked_pages(client, path, {"page[size]": page_size, "count": "false", "sort": "id"}):
        read_versions.update((r["id"], updated_at(r)) for r in records if updated_at(r) >= start)
        yield from _tables([records])
    catch_up = _range_params(page_size, read_start, max(_utc(read_start), now_utc()))
    for records in linked_pages(client, path, catch_up):
        newer = [record for record in records if read_versions.get(record["id"]) != updated_at(record)]
        yield from _tables([newer] if newer else [])


def _range_params(page_size: int, since: datetime, until: datetime) -> dict:
    return {"page[size]": page_size, "count": "false", "sort": "updatedAt",
            "filter[updatedAt]": f"{iso(since)}..{iso(max(_utc(until), _utc(since)))}"}


def _tables(pages) -> Iterator[pa.Table]:
    for records in pages:
        yield records_table((record["id"], updated_at(record), False, record) for record in records)


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def linked_pages(client: ProviderClient, path: str, params: dict) -> Iterator[list[dict]]:
    """Pages of a JSON:API list, following ``links.next`` until a page names none."""
    url, query, seen = path, params, set()
    while True:
        body = client.get(url, params=query).json()
        data = body.get("data") or []
        if data:
            yield data
        following = (body.get("links") or {}).get("next")
        if not following or not data:
            return
        if following in seen:
            raise ProviderError(200, f"{path} named the same next page twice")
        seen.add(following)
        url, query = following, None  # links.next is a whole URL, with its query


def updated_at(record: dict) -> datetime:
    attributes = record.get("attributes") or {}
    for name in ("updatedAt", "createdAt"):
        if attributes.get(name):
            return parse_time(attributes[name])
    return EPOCH


def parse_time(value: str) -> datetime:
    return _utc(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))


def iso(at: datetime) -> str:
    """UTC with milliseconds, as Outreach writes times; sub-millisecond digits are dropped (never rounded up,
    which would skip a record updated in that millisecond)."""
    at = _utc(at)
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)


def _integer(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None
