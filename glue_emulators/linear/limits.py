"""Linear's two allowances per token (https://linear.app/developers/rate-limiting): requests and query
complexity points an hour. Every API answer reports both: ``X-RateLimit-Requests-Limit/-Remaining/-Reset``,
``X-Complexity`` (this query's cost) and ``X-RateLimit-Complexity-Limit/-Remaining/-Reset``; resets are UTC
epoch milliseconds. A spent allowance is refused with HTTP 400 and a ``RATELIMITED`` GraphQL error; a query
costing more than ``MAX_QUERY_COMPLEXITY`` is refused whatever is left.

Linear refills its buckets continuously over the hour; the emulator keeps a fixed hour per token, which
reports and refuses the same way and lets a test spend an allowance deterministically.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from glue_emulators.linear.graphql import Field

WINDOW_SECONDS = 3600
MAX_QUERY_COMPLEXITY = 10_000
DEFAULT_PAGE = 50  # a connection's size when the query names no ``first``


@dataclass
class Usage:
    allowed: bool
    headers: dict[str, str]


class HourlyAllowances:
    def __init__(self, requests: int, complexity: int, clock: Callable[[], float] = time.time):
        self.requests, self.complexity, self.clock = requests, complexity, clock
        self._used: dict[str | None, tuple[int, int, int]] = {}  # token: (hour, requests, points)
        self._lock = threading.Lock()

    def take(self, token: str | None, cost: int) -> Usage:
        """Counts one request costing ``cost`` points, unless either allowance cannot pay for it."""
        now = self.clock()
        hour = math.floor(now / WINDOW_SECONDS)
        with self._lock:
            seen, requests, points = self._used.get(token, (hour, 0, 0))
            if seen != hour:
                requests, points = 0, 0
            allowed = requests < self.requests and points + cost <= self.complexity
            if allowed:
                requests, points = requests + 1, points + cost
            self._used[token] = (hour, requests, points)
        reset = str((hour + 1) * WINDOW_SECONDS * 1000)
        return Usage(allowed, {
            "X-RateLimit-Requests-Limit": str(self.requests),
            "X-RateLimit-Requests-Remaining": str(max(0, self.requests - requests)),
            "X-RateLimit-Requests-Reset": reset,
            "X-Complexity": str(cost),
            "X-RateLimit-Complexity-Limit": str(self.complexity),
            "X-RateLimit-Complexity-Remaining": str(max(0, self.complexity - points)),
            "X-RateLimit-Complexity-Reset": reset,
        })


def complexity(fields: list[Field]) -> int:
    """Linear's scoring, simplified: a scalar costs 0.1 point, an object 1, and a connection multiplies what
    its nodes cost by its page size (``first``, 50 when absent); the total is rounded up."""
    return max(1, math.ceil(_cost(fields)))


def _cost(fields: list[Field], multiplier: int = 1) -> float:
    total = 0.0
    for field in fields:
        if not field.selections:
            total += 0.1 * multiplier
        elif "first" in field.arguments or field.child("nodes") or field.child("edges"):  # a connection
            size = field.arguments.get("first") or DEFAULT_PAGE
            items = [f for f in field.selections if f.name in ("nodes", "edges")]
            rest = [f for f in field.selections if f.name not in ("nodes", "edges")]  # pageInfo: once
            total += multiplier + _cost(items, multiplier * size) + _cost(rest, multiplier)
        else:
            total += multiplier + _cost(field.selections, multiplier)
    return total
