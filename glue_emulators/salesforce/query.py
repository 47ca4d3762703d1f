"""Query execution and query locators: pages through an ObjectStore, never the whole object.

A locator remembers, for each offset it handed out, where in (SystemModstamp, Id) order
the next page starts, so a retried ``nextRecordsUrl`` answers the same page again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime

from glue_emulators.dataset import Dataset, ObjectStore, Record
from glue_emulators.salesforce.ids import random_id
from glue_emulators.salesforce.soql import Query

DEFAULT_BATCH_SIZE = 2000
MIN_BATCH_SIZE = 200  # the Query Options header documents 200..2000, default 2000
MAX_BATCH_SIZE = 2000
MAX_OPEN_LOCATORS = 1000  # Salesforce expires idle cursors too; the oldest go first
COUNT_CHUNK = 5000

Position = tuple[datetime, int] | None  # (modified_at, index) of the last record already returned


@dataclass
class Cursor:
    query: Query
    include_deleted: bool  # queryAll
    batch_size: int
    total: int
    positions: dict[int, Position] = field(default_factory=dict)  # offset -> where that page starts


@dataclass
class Page:
    query: Query
    records: list[Record]
    total: int
    locator: str | None  # "<id>-<offset>" of the next page, None when done


class QueryEngine:
    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self._cursors: OrderedDict[str, Cursor] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, query: Query, include_deleted: bool, batch_size: int) -> Page:
        include_deleted = include_deleted and query.sobject.has_is_deleted
        store = self.dataset[query.sobject.name]
        batch_size = self.dataset.page_size(store.name, batch_size)
        cursor = Cursor(query, include_deleted, batch_size, _count(store, query, include_deleted), {0: None})
        locator = random_id("01g")
        with self._lock:
            self._cursors[locator] = cursor
            while len(self._cursors) > MAX_OPEN_LOCATORS:
                self._cursors.popitem(last=False)
        return self._page(locator, cursor, 0)

    def more(self, locator: str) -> Page | None:
        """The page at ``<id>-<offset>``, or None for an unknown or expired locator."""
        locator_id, _, offset_text = locator.rpartition("-")
        with self._lock:
            cursor = self._cursors.get(locator_id)
            if cursor is not None:
                self._cursors.move_to_end(locator_id)
        if cursor is None or not offset_text.isdigit() or int(offset_text) not in cursor.positions:
            return None
        return self._page(locator_id, cursor, int(offset_text))

    def _page(self, locator_id: str, cursor: Cursor, offset: int) -> Page:
        query = cursor.query
        wanted = cursor.batch_size
        if query.limit is not None:
            wanted = max(0, min(wanted, query.limit - offset))
        store = self.dataset[query.sobject.name]
        records, more = _read(store, query, cursor.include_deleted, cursor.positions[offset], wanted)
        if query.limit is not None and offset + len(records) >= query.limit:
            more = False
        if not more:
            return Page(query, records, cursor.total, None)
        next_offset = offset + len(records)
        last = records[-1]
        cursor.positions[next_offset] = (last.modified_at, last.index)
        return Page(query, records, cursor.total, f"{locator_id}-{next_offset}")


def batch_size(header: str | None) -> int:
    """From ``Sforce-Query-Options: batchSize=N``, held to the documented 200..2000."""
    for option in (header or "").split(","):
        name, _, value = option.partition("=")
        if name.strip() == "batchSize" and value.strip().isdigit():
            return max(MIN_BATCH_SIZE, min(MAX_BATCH_SIZE, int(value)))
    return DEFAULT_BATCH_SIZE


def _read(store: ObjectStore, query: Query, include_deleted: bool, after: Position, wanted: int
          ) -> tuple[list[Record], bool]:
    """Up to ``wanted`` matching records after a position, and whether more follow."""
    found: list[Record] = []
    position = after
    while len(found) <= wanted:
        chunk = store.modified_between(query.since, query.until, position, wanted + 1, include_deleted=include_deleted)
        if not chunk:
            break
        found += [r for r in chunk if query.deleted is None or r.deleted == query.deleted]
        position = (chunk[-1].modified_at, chunk[-1].index)
    return found[:wanted], len(found) > wanted


def _count(store: ObjectStore, query: Query, include_deleted: bool) -> int:
    """totalSize: arithmetic when no time window is given, else a scan of the window only."""
    if query.since is None and query.until is None:
        live, everything = store.live_count(), store.count
        if query.deleted is True:
            total = everything - live if include_deleted else 0
        elif query.deleted is False or not include_deleted:
            total = live
        else:
            total = everything
    else:
        total, position = 0, None
        while chunk := store.modified_between(query.since, query.until, position, COUNT_CHUNK,
                                              include_deleted=include_deleted):
            total += sum(1 for r in chunk if query.deleted is None or r.deleted == query.deleted)
            position = (chunk[-1].modified_at, chunk[-1].index)
    return total if query.limit is None else min(total, query.limit)
