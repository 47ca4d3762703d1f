"""Pipedrive's burst limit: a request budget per access token per 2-second window.

Every API response carries ``x-ratelimit-limit``, ``x-ratelimit-remaining``,
``x-ratelimit-reset`` (seconds until the window resets) and
``x-daily-requests-left``; a spent window answers 429 with ``Retry-After``.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from glue_emulators.pipedrive.responses import rate_limited


@dataclass
class RateWindows:
    limit: int = 480  # the Enterprise plan's budget for OAuth access tokens
    window_seconds: float = 2.0
    daily_requests_left: int = 10000  # counts POST/PUT only, so a read-only sync never spends it
    clock: Callable[[], float] = time.monotonic  # seconds; tests pass one they move by hand
    _windows: dict[str, tuple[float, int]] = field(default_factory=dict)  # token -> (window start, requests)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def take(self, token: str) -> tuple[bool, int, float]:
        """Count one request: (allowed, remaining in this window, seconds until it resets)."""
        now = self.clock()
        with self._lock:
            started, used = self._windows.get(token, (now, 0))
            if now - started >= self.window_seconds:
                started, used = now, 0
            allowed = used < self.limit
            if allowed:
                used += 1
            self._windows[token] = (started, used)
        return allowed, self.limit - used, max(0.0, started + self.window_seconds - now)

    def headers(self, remaining: int, reset: float) -> dict[str, str]:
        return {
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(remaining),
            "x-ratelimit-reset": self._reset_text(reset),
            "x-daily-requests-left": str(self.daily_requests_left),
        }

    def _reset_text(self, reset: float) -> str:
        if self.window_seconds >= 1:
            return str(math.ceil(reset))
        return f"{reset:.3f}"  # sub-second windows exist only in tests


class RateLimitMiddleware:
    """Counts API requests per token, stamps the headers on every answer, refuses a spent window."""

    def __init__(self, app: ASGIApp, windows: RateWindows, is_api_path: Callable[[str], bool]):
        self.app = app
        self.windows = windows
        self.is_api_path = is_api_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.is_api_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        token = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1")
        allowed, remaining, reset = self.windows.take(token)
        extra = self.windows.headers(remaining, reset)
        if not allowed:
            response = rate_limited(reset)
            response.headers.update(extra)
            await response(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": list(message.get("headers", []))
                           + [(k.encode(), v.encode()) for k, v in extra.items()]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
