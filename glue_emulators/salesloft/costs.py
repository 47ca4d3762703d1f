"""Salesloft's cost-based rate limit (https://developers.salesloft.com/docs/platform/api-basics/rate-limits/).

The team has a budget of cost per minute (600 by default), shared by every token and integration of the
team. A request costs its endpoint's cost (1), or more when its ``page`` parameter reaches deep: pages
101-150 cost 3, 151-250 cost 8, 251-500 cost 10 and 501 onwards 30. Every answer says
``x-ratelimit-endpoint-cost`` (what the request cost) and ``x-ratelimit-remaining-minute`` (what is left of
the minute it was made in); a request the minute cannot pay for answers 429 and costs nothing. The reference
documents no ``Retry-After``, so none is sent.

Minutes are fixed windows on ``clock``, ``window_seconds`` long (60; a test shortens or moves them).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# (first page, cost): a page at or past the first page of a band costs that band's cost.
DEEP_PAGE_COSTS = ((501, 30), (251, 10), (151, 8), (101, 3))
ENDPOINT_COST = 1


def request_cost(page: int, endpoint_cost: int = ENDPOINT_COST) -> int:
    """A deep page's total cost from the table; the endpoint's own cost for the first hundred pages."""
    for first_page, cost in DEEP_PAGE_COSTS:
        if page >= first_page:
            return cost
    return endpoint_cost


@dataclass
class CostBudget:
    limit: int = 600
    window_seconds: float = 60.0
    clock: Callable[[], float] = time.monotonic
    spent: int = 0  # in all minutes, for tests
    refused: int = 0  # 429s answered for want of budget
    deepest_page: int = 0
    # path -> its cost, where it is not 1 ("Salesloft is able to change the cost for an existing endpoint").
    endpoint_costs: dict[str, int] = field(default_factory=dict)
    _minute: int = -1
    _used: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def take(self, cost: int) -> tuple[bool, int]:
        """Charge one request: (paid, what remains of this minute afterwards)."""
        with self._lock:
            minute = math.floor(self.clock() / self.window_seconds)
            if minute != self._minute:
                self._minute, self._used = minute, 0
            if self._used + cost > self.limit:
                self.refused += 1
                return False, self.limit - self._used
            self._used += cost
            self.spent += cost
            return True, self.limit - self._used

    def report(self) -> dict:
        with self._lock:
            return {"limit": self.limit, "window_seconds": self.window_seconds, "spent": self.spent,
                    "refused": self.refused, "deepest_page": self.deepest_page}


class CostMiddleware:
    """Charges API requests to the team's minute, stamps the cost headers, refuses what the minute cannot pay."""

    def __init__(self, app: ASGIApp, budget: CostBudget, is_api_path: Callable[[str], bool]):
        self.app = app
        self.budget = budget
        self.is_api_path = is_api_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.is_api_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        page = _page_of(scope.get("query_string", b"").decode("latin-1"))
        with self.budget._lock:
            self.budget.deepest_page = max(self.budget.deepest_page, page)
        path = scope["path"].removesuffix(".json")
        cost = request_cost(page, self.budget.endpoint_costs.get(path, ENDPOINT_COST))
        paid, remaining = self.budget.take(cost)
        headers = {"x-ratelimit-endpoint-cost": str(cost), "x-ratelimit-remaining-minute": str(max(0, remaining))}
        if not paid:
            await JSONResponse({"status": 429, "error": "Rate limit exceeded"}, status_code=429, headers=headers)(
                scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []),
                                                  *((k.encode(), v.encode()) for k, v in headers.items())]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _page_of(query: str) -> int:
    values = parse_qs(query).get("page")
    try:
        return max(1, int(values[0])) if values else 1
    except ValueError:
        return 1
