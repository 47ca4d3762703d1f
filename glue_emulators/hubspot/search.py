"""POST /crm/v3/objects/{type}/search over generated data, without materializing it.

The emulator understands the slice of the search language a sync uses: one filter
group of date filters on the object's last-modified property, sorted ascending.
Anything else answers 400 with a message that names the limitation. ``after`` is
an offset, as in HubSpot; the positions behind recent offsets are remembered so
a deep page does not rescan the records before it.
"""

from __future__ import annotations

import json
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from glue_emulators.dataset import BASE_TIME, ObjectStore, Record
from glue_emulators.hubspot.catalog import ObjectKind

MAX_LIMIT = 200
DEFAULT_LIMIT = 10
ONE_MS = timedelta(milliseconds=1)
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
Position = tuple[datetime, int]


class SearchError(ValueError):
    """A request HubSpot (or this emulator) refuses with 400 VALIDATION_ERROR."""


@dataclass(frozen=True)
class SearchQuery:
    since: datetime | None  # inclusive
    until: datetime | None  # exclusive
    properties: list[str] | None
    limit: int
    offset: int
    key: str  # what identifies "the same query" across pages


def parse_query(body: dict, kind: ObjectKind, store: ObjectStore, cap: int) -> SearchQuery:
    if body.get("query"):
        raise SearchError("The emulator does not support full-text search queries.")
    since, until = _window(body.get("filterGroups") or [], kind.modified_property)
    _check_sorts(body.get("sorts") or [], kind.modified_property)
    limit = int(body.get("limit") or DEFAULT_LIMIT)
    if not 0 < limit <= MAX_LIMIT:
        raise SearchError(f"limit must be between 1 and {MAX_LIMIT}.")
    try:
        offset = int(body.get("after") or 0)
    except ValueError:
        raise SearchError("after must be a number.") from None
    if offset + limit > cap:
        raise SearchError(f"Search results are limited to {cap} per query; after + limit goes past it.")
    key = json.dumps([store.name, since and since.isoformat(), until and until.isoformat()])
    properties = body.get("properties")
    return SearchQuery(since, until, list(properties) if properties else None, limit, offset, key)


class SearchCursors:
    """(query, offset) -> the position of the record just before that offset, for recent queries;
    and each query's total, counted on its first page (counting costs a pass over the changes)."""

    def __init__(self, size: int = 2048):
        self._positions: OrderedDict[tuple[str, int], Position] = OrderedDict()
        self._totals: OrderedDict[str, int] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def total(self, store: ObjectStore, query: SearchQuery) -> int:
        with self._lock:
            known = self._totals.get(query.key) if query.offset else None
        if known is not None:
            return known
        total = count_matches(store, query.since, query.until)
        with self._lock:
            self._totals[query.key] = total
            while len(self._totals) > self._size:
                self._totals.popitem(last=False)
        return total

    def get(self, key: str, offset: int) -> Position | None:
        with self._lock:
            return self._positions.get((key, offset))

    def put(self, key: str, offset: int, position: Position) -> None:
        with self._lock:
            self._positions[(key, offset)] = position
            self._positions.move_to_end((key, offset))
            while len(self._positions) > self._size:
                self._positions.popitem(last=False)


def search_page(store: ObjectStore, query: SearchQuery, cursors: SearchCursors) -> tuple[list[Record], int | None]:
    """One page of live records ordered by (last modified, id), and the next offset if there is more."""
    position = None
    if query.offset:
        position = cursors.get(query.key, query.offset) or _skip(store, query)
        if position is None:
            return [], None
    page = store.modified_between(query.since, query.until, position, query.limit + 1)
    more = len(page) > query.limit
    page = page[: query.limit]
    if not more:
        return page, None
    next_offset = query.offset + len(page)
    cursors.put(query.key, next_offset, (page[-1].modified_at, page[-1].index))
    return page, next_offset


def count_matches(store: ObjectStore, since: datetime | None, until: datetime | None) -> int:
    """How many live records fall in [since, until), in time proportional to the number of changes.

    Changed, created and deleted records carry wall-clock times, long after the
    generated records' base times, so reading from the end of the base range
    yields exactly the changed ones.
    """
    if since is None and until is None:
        return store.live_count()
    base_end = BASE_TIME + store.initial_count * store.step
    changed = store.modified_between(base_end, None, None, store.count + 1, include_deleted=True)
    first = 0 if since is None else max(0, math.ceil((since - BASE_TIME) / store.step))
    stop = store.initial_count
    if until is not None:
        stop = min(stop, math.ceil((until - BASE_TIME) / store.step))
    unchanged = max(0, stop - first) - sum(1 for r in changed if first <= r.index < stop)
    moved_in = sum(
        1 for r in changed
        if not r.deleted and (since is None or r.modified_at >= since) and (until is None or r.modified_at < until)
    )
    return unchanged + moved_in


def _skip(store: ObjectStore, query: SearchQuery) -> Position | None:
    """Walk to an offset nobody paged to recently (bounded: offsets stay under the results cap)."""
    position, skipped = None, 0
    while skipped < query.offset:
        batch = store.modified_between(query.since, query.until, position, min(1000, query.offset - skipped))
        if not batch:
            return None
        skipped += len(batch)
        position = (batch[-1].modified_at, batch[-1].index)
    return position


def _window(groups: list, modified_property: str) -> tuple[datetime | None, datetime | None]:
    if len(groups) > 1:
        raise SearchError("The emulator supports a single filter group.")
    since = until = None
    for spec in groups[0].get("filters", []) if groups else []:
        if spec.get("propertyName") != modified_property:
            raise SearchError(f"The emulator filters only on {modified_property}, not {spec.get('propertyName')}.")
        operator = spec.get("operator")
        value = _instant(spec.get("value"))
        if operator in ("GTE", "GT", "EQ", "BETWEEN"):
            low = value + ONE_MS if operator == "GT" else value
            since = low if since is None else max(since, low)
        if operator in ("LT", "LTE", "EQ", "BETWEEN"):
            high = _instant(spec.get("highValue")) if operator == "BETWEEN" else value
            high = high if operator == "LT" else high + ONE_MS
            until = high if until is None else min(until, high)
        if operator not in ("GTE", "GT", "EQ", "BETWEEN", "LT", "LTE"):
            raise SearchError(f"The emulator does not support the {operator} operator.")
    return since, until


def _check_sorts(sorts: list, modified_property: str) -> None:
    for sort in sorts:
        name, direction = (sort, "ASCENDING") if isinstance(sort, str) else (
            sort.get("propertyName"), sort.get("direction", "ASCENDING"))
        if name.startswith("-"):
            name, direction = name[1:], "DESCENDING"
        if name != modified_property or direction != "ASCENDING":
            raise SearchError(f"The emulator sorts only by {modified_property} ascending.")


def _instant(value) -> datetime:
    """Date filter values: epoch milliseconds (as HubSpot documents) or ISO 8601."""
    text = str(value).strip()
    try:
        if text.lstrip("-").isdigit():
            return EPOCH + timedelta(milliseconds=int(text))
        moment = datetime.fromisoformat(text)
    except (ValueError, OverflowError):
        raise SearchError(f"{value!r} is not a valid date value.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
