"""Keeping to a provider's "N requests a second" when its answers carry no headers to pace by.

A provider counts requests when they *arrive*, and arrivals bunch up: the first request of a
run waits for a connection, later ones do not. Spacing *sends* 1/N s apart therefore lets N+1
arrivals land in one second now and then. ``RequestPacer`` instead starts a request only once
the request N before it has been answered at least a window ago: that answer came after its
arrival, so no window on the provider's side can ever hold more than N of ours. Requests still
in flight count against the window too, so resources extracted in parallel share it safely.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class RequestPacer:
    """At most ``limit`` requests in any ``seconds`` (shared by every thread using it)."""

    def __init__(self, limit: int, seconds: float = 1.0, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] | None = None):
        self.limit = limit
        self.seconds = seconds
        self.clock = clock
        self.sleep = sleep  # tests pass a fake; None waits on the condition so answers wake waiters
        self._answered: deque[float] = deque()
        self._in_flight = 0
        self._changed = threading.Condition()

    @contextmanager
    def request(self) -> Iterator[None]:
        """Hold a place in the window for one request, from before it is sent until it is answered."""
        self._take()
        try:
            yield
        finally:
            with self._changed:
                self._in_flight -= 1
                self._answered.append(self.clock())
                self._changed.notify_all()

    def _take(self) -> None:
        with self._changed:
            while True:
                now = self.clock()
                while self._answered and self._answered[0] <= now - self.seconds:
                    self._answered.popleft()
                if self._in_flight + len(self._answered) < self.limit:
                    self._in_flight += 1
                    return
                # Full: wait for the oldest answer to leave the window (or for an in-flight answer).
                wait = self._answered[0] + self.seconds - now if self._answered else self.seconds
                if self.sleep is not None:
                    self.sleep(wait)
                else:
                    self._changed.wait(wait)
