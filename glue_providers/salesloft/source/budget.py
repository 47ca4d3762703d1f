"""Keeping a sync inside Salesloft's cost per minute
(https://developers.salesloft.com/docs/platform/api-basics/rate-limits/).

Salesloft charges every request to its team's budget of cost per minute (600 by default, shared with every
other integration of the team): 1 for a list page, 3 to 30 for pages past the 100th. Each answer says what
is left of its minute (``x-ratelimit-remaining-minute``). ``MinuteBudget`` spends from that figure: before
a request it takes the request's cost off what the last answer left; when that would leave less than the
reserve, it waits for the next minute (fixed minutes of the clock, like Salesloft's) instead of being
refused; a 429 all the same (the team's other integrations spent the minute) also waits for the next one.
What the last answer said is forgotten once its minute is over, so a new minute starts full.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx

from glue_providers.rate_limits import whole_number

REMAINING_HEADER = "x-ratelimit-remaining-minute"
COST_HEADER = "x-ratelimit-endpoint-cost"
# (first page, cost) of the deep pages, deepest first: the rate-limit page's table.
DEEP_PAGE_COSTS = ((501, 30), (251, 10), (151, 8), (101, 3))
LAST_CHEAP_PAGE = 100


def page_cost(page: int, endpoint_cost: int = 1) -> int:
    """What a list request for ``page`` costs."""
    return next((cost for first_page, cost in DEEP_PAGE_COSTS if page >= first_page), endpoint_cost)


class MinuteBudget:
    """The team's minute as a sync sees it, shared by every resource of one source (and its threads)."""

    def __init__(self, *, window_seconds: float = 60.0, reserve: int = 20,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep):
        self.window_seconds = window_seconds
        self.reserve = reserve  # left for the team's other integrations, and for what we cannot see coming
        self.clock = clock
        self.sleep = sleep
        self.waits = 0  # minutes waited for, for logs and tests
        self._minute = -1
        self._remaining: int | None = None  # unknown: the minute has not answered yet
        self._lock = threading.Lock()
        self._coming = threading.local()  # per thread: what its coming request costs
        # What each path's first pages cost, as its answers said: Salesloft may change an endpoint's cost.
        self.endpoint_costs: dict[str, int] = {}

    @property
    def next_cost(self) -> int:
        """What this thread's coming request costs (the reader sets it before each request)."""
        return getattr(self._coming, "cost", 1)

    @next_cost.setter
    def next_cost(self, cost: int) -> None:
        self._coming.cost = cost

    def cost_of(self, path: str, page: int) -> int:
        return page_cost(page, self.endpoint_costs.get(path, 1))

    @contextmanager
    def request(self) -> Iterator[None]:
        """ProviderClient's pacer hook: hold the cost of one request (each attempt of it) before it is sent."""
        self.spend(self.next_cost)
        yield

    def spend(self, cost: int) -> None:
        with self._lock:
            self._forget_past_minute()
            if self._remaining is not None and self._remaining - cost < self.reserve:
                now = self.clock()
                wait = (math.floor(now / self.window_seconds) + 1) * self.window_seconds - now
                self.sleep(wait + self.window_seconds / 60)  # a second past the minute (of a real one)
                self.waits += 1
                self._forget_past_minute()
            if self._remaining is not None:
                self._remaining -= cost

    def observe(self, response: httpx.Response) -> None:
        """Every answer's hook (refusals too): what it says is left of its minute. A 429 without Retry-After
        (Salesloft documents none) leaves nothing of the minute, whatever it says, so the retry waits for the
        next one; a 429 with Retry-After is waited out as it says (``ProviderClient``)."""
        remaining = whole_number(response.headers.get(REMAINING_HEADER))
        cost = whole_number(response.headers.get(COST_HEADER))
        if cost and response.status_code < 400 and _page_of(response.request) <= LAST_CHEAP_PAGE:
            self.endpoint_costs[response.request.url.path] = cost
        if response.status_code == 429 and "retry-after" not in response.headers:
            remaining = 0
        if remaining is not None:
            with self._lock:
                self._minute = self._current_minute()
                self._remaining = remaining

    def _current_minute(self) -> int:
        return math.floor(self.clock() / self.window_seconds)

    def _forget_past_minute(self) -> None:
        if self._current_minute() != self._minute:
            self._remaining = None


def _page_of(request: httpx.Request) -> int:
    page = whole_number(request.url.params.get("page"))
    return page if page else 1
