"""Zoho CRM's API limits: credits over a rolling 24-hour window and a cap on concurrent calls.

Reference: https://www.zoho.com/crm/developer/docs/api/v5/api-limits.html. Every call spends credits (a
record list: 1) from the organisation's allowance, which depends on its edition and licences (Enterprise:
50,000 + 1,000 per user licence); credits spent are freed 24 hours later, one call at a time. Editions also
cap calls in flight (Enterprise: 20). Past either limit Zoho answers 429 ``TOO_MANY_REQUESTS``.

Zoho's current pages document no rate-limit headers; API v2 answers carried ``X-RATELIMIT-LIMIT``,
``X-RATELIMIT-REMAINING`` and ``X-RATELIMIT-RESET``. The emulator stamps them with the credit window
(reset: whole seconds until the oldest spent credit is freed) and adds ``Retry-After`` to its 429s.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from glue_emulators.zoho_crm.responses import too_many_requests

WINDOW_SECONDS = 24 * 3600
ENTERPRISE_CREDITS = 50_000 + 1_000 * 10  # an Enterprise organisation with ten user licences
ENTERPRISE_CONCURRENCY = 20


@dataclass
class CreditWindow:
    limit: int = ENTERPRISE_CREDITS
    concurrency: int = ENTERPRISE_CONCURRENCY
    window_seconds: float = WINDOW_SECONDS
    clock: Callable[[], float] = time.monotonic
    _spent: deque = field(default_factory=deque)  # (when, credits), oldest first
    _in_flight: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def spend(self, credits: int = 1) -> tuple[bool, int, float]:
        """Spend credits for one call: (allowed, credits remaining, seconds until the oldest spent credit frees)."""
        now = self.clock()
        with self._lock:
            while self._spent and self._spent[0][0] + self.window_seconds <= now:
                self._spent.popleft()
            used = sum(amount for _, amount in self._spent)
            allowed = used + credits <= self.limit
            if allowed:
                self._spent.append((now, credits))
                used += credits
            reset = self._spent[0][0] + self.window_seconds - now if self._spent else 0.0
        return allowed, self.limit - used, max(0.0, reset)

    def enter(self) -> bool:
        with self._lock:
            if self._in_flight >= self.concurrency:
                return False
            self._in_flight += 1
            return True

    def leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def headers(self, remaining: int, reset: float) -> dict[str, str]:
        return {"X-RATELIMIT-LIMIT": str(self.limit), "X-RATELIMIT-REMAINING": str(remaining),
                "X-RATELIMIT-RESET": str(math.ceil(reset))}


class CreditMiddleware:
    """Counts API calls against the window, stamps the headers, refuses a spent window or one call too many."""

    def __init__(self, app: ASGIApp, window: CreditWindow, is_api_path: Callable[[str], bool]):
        self.app = app
        self.window = window
        self.is_api_path = is_api_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.is_api_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        if not self.window.enter():
            await too_many_requests("The concurrency limit of the organisation is exceeded.", 1)(scope, receive, send)
            return
        try:
            allowed, remaining, reset = self.window.spend()
            extra = self.window.headers(remaining, reset)
            if not allowed:
                await too_many_requests("The API credits have been exhausted for this window.", reset,
                                        extra)(scope, receive, send)
                return

            async def send_with_headers(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message = {**message, "headers": list(message.get("headers", []))
                               + [(k.lower().encode(), v.encode()) for k, v in extra.items()]}
                await send(message)

            await self.app(scope, receive, send_with_headers)
        finally:
            self.window.leave()
