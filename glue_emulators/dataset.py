"""Deterministic generated records of any size, with upstream changes and deletions.

Record ``i`` of an object exists without being stored: its fields derive from
(seed, i, version). Only changes are stored, so a million-record object costs
memory only for the records that were touched.
"""

from __future__ import annotations

import bisect
import hashlib
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

BASE_TIME = datetime(2024, 1, 1, tzinfo=timezone.utc)
BASE_STEP = timedelta(seconds=1)  # record i was last modified at BASE_TIME + i * step (BASE_STEP unless respaced)


@dataclass(frozen=True)
class Record:
    index: int
    version: int  # 0 as generated, +1 per upstream change
    created_at: datetime
    modified_at: datetime
    deleted: bool

    def pick(self, salt: str, choices: list[str] | tuple[str, ...]) -> str:
        return choices[self.number(salt) % len(choices)]

    def number(self, salt: str, modulo: int = 2**32) -> int:
        digest = hashlib.blake2b(f"{salt}:{self.index}:{self.version}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big") % modulo


class Clock:
    """Wall-clock time that never repeats or goes back, so every change has its own instant."""

    def __init__(self):
        self._last = BASE_TIME
        self._lock = threading.Lock()

    def tick(self) -> datetime:
        with self._lock:
            now = datetime.now(timezone.utc)
            now = now.replace(microsecond=now.microsecond // 1000 * 1000)  # providers speak milliseconds
            self._last = max(now, self._last + timedelta(milliseconds=1))
            return self._last


class ObjectStore:
    """One object type (contacts, Account, deals, ...) of one emulated account."""

    def __init__(self, name: str, count: int, clock: Clock, step: timedelta = BASE_STEP):
        self.name = name
        self.step = step
        self.initial_count = count
        self.count = count
        self.clock = clock
        self._versions: dict[int, int] = {}
        self._modified: dict[int, datetime] = {}
        self._created: dict[int, datetime] = {}
        self._deleted: set[int] = set()
        self._changed_order: list[tuple[datetime, int]] | None = []  # sorted (modified_at, index) of changed records
        self._lock = threading.RLock()

    # -- reading ---------------------------------------------------------------------------

    def record(self, index: int) -> Record:
        created = self._created.get(index, BASE_TIME + index * self.step)
        return Record(
            index=index,
            version=self._versions.get(index, 0),
            created_at=created,
            modified_at=self._modified.get(index, created),
            deleted=index in self._deleted,
        )

    def exists(self, index: int) -> bool:
        return 0 <= index < self.count

    def by_index(self, after: int, limit: int, *, deleted: bool = False) -> list[Record]:
        """Records in index order after ``after`` (exclusive): live ones, or only deleted ones."""
        found: list[Record] = []
        if deleted:
            for index in sorted(i for i in self._deleted if i > after):
                found.append(self.record(index))
                if len(found) == limit:
                    break
            return found
        index = after + 1
        while index < self.count and len(found) < limit:
            if index not in self._deleted:
                found.append(self.record(index))
            index += 1
        return found

    def modified_between(
        self, since: datetime | None, until: datetime | None, after: tuple[datetime, int] | None, limit: int,
        *, include_deleted: bool = False,
    ) -> list[Record]:
        """Records ordered by (modified_at, index), with since <= modified_at < until, after a position."""
        with self._lock:
            changed = self._sorted_changes()
        start = after if after is not None else (since or BASE_TIME - self.step, -1)
        found: list[Record] = []
        base_i = self._first_base_index_after(start)
        change_i = bisect.bisect_right(changed, start)
        while len(found) < limit:
            base_key = self._base_key(base_i)
            change_key = changed[change_i] if change_i < len(changed) else None
            if base_key is None and change_key is None:
                break
            if change_key is None or (base_key is not None and base_key < change_key):
                key, base_i = base_key, base_key[1] + 1
            else:
                key, change_i = change_key, change_i + 1
            if until is not None and key[0] >= until:
                break
            if since is not None and key[0] < since:
                continue
            record = self.record(key[1])
            if record.deleted and not include_deleted:
                continue
            found.append(record)
        return found

    def live_count(self) -> int:
        return self.count - len(self._deleted)

    # -- upstream changes ------------------------------------------------------------------

    def update(self, indices: list[int]) -> None:
        with self._lock:
            for index in indices:
                if self.exists(index) and index not in self._deleted:
                    self._versions[index] = self._versions.get(index, 0) + 1
                    self._modified[index] = self.clock.tick()
            self._changed_order = None

    def delete(self, indices: list[int]) -> None:
        with self._lock:
            for index in indices:
                if self.exists(index) and index not in self._deleted:
                    self._deleted.add(index)
                    self._modified[index] = self.clock.tick()
            self._changed_order = None

    def create(self, n: int) -> list[int]:
        with self._lock:
            new = list(range(self.count, self.count + n))
            for index in new:
                self._created[index] = self._modified[index] = self.clock.tick()
            self.count += n
            self._changed_order = None
            return new

    def spread(self, fraction: float) -> list[int]:
        """Live indices spread evenly over the object, ``fraction`` of them."""
        live = self.live_count()
        wanted = max(1, round(live * fraction)) if fraction > 0 else 0
        if wanted == 0:
            return []
        step = self.count / wanted
        chosen, position = [], 0.0
        while len(chosen) < wanted and position < self.count:
            index = int(position)
            if index not in self._deleted:
                chosen.append(index)
            position += step
        return chosen

    # -- internals -------------------------------------------------------------------------

    def _sorted_changes(self) -> list[tuple[datetime, int]]:
        if self._changed_order is None:
            self._changed_order = sorted((at, i) for i, at in self._modified.items())
        return self._changed_order

    def _base_key(self, index: int) -> tuple[datetime, int] | None:
        """The next unchanged original record at or after ``index``, as its sort key."""
        while index < self.initial_count:
            if index not in self._modified:
                return (BASE_TIME + index * self.step, index)
            index += 1
        return None

    def _first_base_index_after(self, key: tuple[datetime, int]) -> int:
        at, index = key
        steps = (at - BASE_TIME) / self.step
        candidate = max(0, int(steps))
        while candidate < self.initial_count and (BASE_TIME + candidate * self.step, candidate) <= (at, index):
            candidate += 1
        return candidate


class Dataset:
    """Every object of one emulated provider account.

    ``max_page_size`` (0: none) makes every list serve at most that many records a page, as
    providers may serve fewer than asked for: a test pages through tens of records.
    ``pages_cut`` counts, per object, the pages it shortened.
    """

    def __init__(self, counts: dict[str, int]):
        self.clock = Clock()
        self.objects = {name: ObjectStore(name, count, self.clock) for name, count in counts.items()}
        self.max_page_size = 0
        self.pages_cut: dict[str, int] = {}

    def __getitem__(self, name: str) -> ObjectStore:
        return self.objects[name]

    def page_size(self, object_name: str, requested: int) -> int:
        """What one page of ``object_name`` serves when ``requested`` records are asked for."""
        if not self.max_page_size or requested <= self.max_page_size:
            return requested
        self.pages_cut[object_name] = self.pages_cut.get(object_name, 0) + 1
        return self.max_page_size

    def respace(self, step: timedelta) -> None:
        """Generated records ``step`` apart in time (before any change): a test needs them further apart
        than a sync's lookback, so that an incremental sync reads only what changed."""
        if step <= timedelta(0):
            raise ValueError("the spacing of records must be positive")
        for store in self.objects.values():
            if store._modified:
                raise ValueError(f"{store.name} has changed records; respace before changing any")
            store.step = step
