"""Pages of one object in the orders Pipedrive lists them, without materializing the object.

API v2 lists are keyset pages (``cursor``/``limit``) ordered by ``id`` or
``update_time``; API v1 leads are offset pages (``start``/``limit``) in creation
order. Deleted records are kept for 30 days, then only live ones remain listable.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from glue_emulators.dataset import ObjectStore, Record

DELETED_KEPT_FOR = timedelta(days=30)  # Pipedrive purges deleted entities after 30 days
CHUNK = 500


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Window:
    """Which records a v2 list wants: by update time, liveness and any extra filter."""

    since: datetime | None = None  # inclusive, on update_time
    until: datetime | None = None  # exclusive
    live: bool = True
    deleted: bool = False
    keep: Callable[[Record], bool] | None = None  # e.g. a deal status filter

    def admits(self, record: Record, now: datetime) -> bool:
        if record.deleted:
            if not self.deleted or record.modified_at < now - DELETED_KEPT_FOR:
                return False
        elif not self.live:
            return False
        if self.since is not None and record.modified_at < self.since:
            return False
        if self.until is not None and record.modified_at >= self.until:
            return False
        return self.keep is None or self.keep(record)


def keyset_page(
    store: ObjectStore, sort_by: str, window: Window, cursor: str | None, limit: int
) -> tuple[list[Record], str | None]:
    """One v2 page and the cursor of the next one (None on the last page)."""
    after = decode_cursor(cursor, sort_by) if cursor else None
    now = datetime.now(timezone.utc)
    ordered = _by_update_time(store, window, after) if sort_by == "update_time" else _by_id(store, window, after)
    found: list[Record] = []
    for record in ordered:
        if window.admits(record, now):
            found.append(record)
            if len(found) > limit:  # one more than asked: tells whether another page exists
                break
    if len(found) <= limit:
        return found, None
    page = found[:limit]
    return page, encode_cursor(sort_by, page[-1])


def offset_page(store: ObjectStore, start: int, limit: int, keep: Callable[[Record], bool] | None = None
                ) -> tuple[list[Record], bool]:
    """One v1 page of live records in creation order, and whether more follow."""
    if keep is None:
        first = _index_of_live_position(store, start)
        found = store.by_index(first - 1, limit + 1)
    else:  # a filtered offset has to be counted from the start
        matching = (r for r in _live_in_index_order(store, -1) if keep(r))
        found = [r for _, r in zip(range(start + limit + 1), matching)][start:]
    return found[:limit], len(found) > limit


def every_record(store: ObjectStore) -> list[Record]:
    """Live and deleted records in id order: for small unpaginated lists such as users."""
    records = store.by_index(-1, store.count) + store.by_index(-1, store.count, deleted=True)
    return sorted(records, key=lambda r: r.index)


# -- cursors are opaque to clients: base64 of the last position served ---------------------

def encode_cursor(sort_by: str, record: Record) -> str:
    position = {"sort_by": sort_by, "id": record.index}
    if sort_by == "update_time":
        position["update_time"] = record.modified_at.isoformat()
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort_by: str) -> tuple:
    try:
        position = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if position["sort_by"] != sort_by:
            raise BadCursor("cursor was issued for another sort order")
        if sort_by == "update_time":
            return datetime.fromisoformat(position["update_time"]), int(position["id"])
        return (int(position["id"]),)
    except (ValueError, KeyError, TypeError) as exc:
        raise BadCursor("cursor is invalid") from exc


# -- orders --------------------------------------------------------------------------------

def _by_update_time(store: ObjectStore, window: Window, after: tuple | None) -> Iterator[Record]:
    if not window.live:
        # Deleted records are few: sort them rather than walk every live record.
        deleted = sorted(store.by_index(-1, store.count, deleted=True), key=lambda r: (r.modified_at, r.index))
        yield from (r for r in deleted if after is None or (r.modified_at, r.index) > after)
        return
    position = after
    while True:
        chunk = store.modified_between(window.since, window.until, position, CHUNK, include_deleted=window.deleted)
        yield from chunk
        if len(chunk) < CHUNK:
            return
        position = (chunk[-1].modified_at, chunk[-1].index)


def _by_id(store: ObjectStore, window: Window, after: tuple | None) -> Iterator[Record]:
    last = after[0] if after else -1
    if window.live and window.deleted:
        for index in range(last + 1, store.count):
            yield store.record(index)
        return
    yield from _live_in_index_order(store, last) if window.live else _deleted_in_index_order(store, last)


def _live_in_index_order(store: ObjectStore, after: int) -> Iterator[Record]:
    while True:
        chunk = store.by_index(after, CHUNK)
        yield from chunk
        if len(chunk) < CHUNK:
            return
        after = chunk[-1].index


def _deleted_in_index_order(store: ObjectStore, after: int) -> Iterator[Record]:
    yield from store.by_index(after, store.count, deleted=True)


def _index_of_live_position(store: ObjectStore, position: int) -> int:
    """The index of the ``position``-th live record (0-based), skipping deleted ones."""
    index = position
    for deleted in store.by_index(-1, store.count, deleted=True):  # ascending index
        if deleted.index <= index:
            index += 1
        else:
            break
    return index
