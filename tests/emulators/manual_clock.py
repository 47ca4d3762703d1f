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
