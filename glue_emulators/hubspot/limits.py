"""HubSpot's request limits: a rolling ten-second window per account, a daily quota
for private apps, five search requests per second, and 10,000 results per search.

Defaults are HubSpot's documented limits for OAuth apps. A throughput benchmark
that wants to measure Glue rather than HubSpot's pacing raises them
(``Limits(requests_per_interval=10**9, search_per_second=10**9)``).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Limits:
    requests_per_interval: int = 110  # X-HubSpot-RateLimit-Max
    interval_ms: int = 10_000  # X-HubSpot-RateLimit-Interval-Milliseconds
    daily: int = 500_000  # X-HubSpot-RateLimit-Daily (private app tokens only; OAuth calls have no daily cap)
    search_per_second: int = 5
    search_results_cap: int = 10_000  # after + limit may not go past it


@dataclass
class Verdict:
    allowed: bool
    remaining: int
    retry_after: float  # seconds until a request would be allowed again


@dataclass
class RollingWindow:
    """How many requests arrived in the last ``interval`` seconds."""

    clock: Callable[[], float] = time.monotonic  # seconds; tests pass one they move by hand
    _times: deque = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, limit: int, interval: float) -> Verdict:
        now = self.clock()
        with self._lock:
            while self._times and self._times[0] <= now - interval:
                self._times.popleft()
            if len(self._times) >= limit:
                return Verdict(False, 0, max(0.0, self._times[0] + interval - now))
            self._times.append(now)
            return Verdict(True, limit - len(self._times), 0.0)


@dataclass
class DailyCounter:
    """Requests since midnight UTC, as HubSpot counts its daily quota."""

    clock: Callable[[], float] = time.time  # seconds since the epoch
    _day: int = -1
    _used: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, limit: int) -> Verdict:
        now = self.clock()
        day = int(now // 86_400)
        with self._lock:
            if day != self._day:
                self._day, self._used = day, 0
            if self._used >= limit:
                return Verdict(False, 0, (day + 1) * 86_400 - now)
            self._used += 1
            return Verdict(True, limit - self._used, 0.0)
