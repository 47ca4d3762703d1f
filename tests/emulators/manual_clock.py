"""A clock the test moves by hand, for the emulators' rate windows: no test waits on real time."""

from __future__ import annotations

import threading


class ManualClock:
    def __init__(self, start: float = 1_000.0):
        self._now = start
        self._lock = threading.Lock()  # the emulator reads it from its server thread

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds


class SleepingTime:
    """Stands in for the ``time`` module a client library sleeps with: sleeping moves the manual clock (and
    is recorded), so a retry's wait is checked without waiting."""

    def __init__(self, clock: ManualClock):
        self.clock, self.slept = clock, []

    def time(self) -> float:
        return self.clock()

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.clock.advance(seconds)
