"""Intercom's rate limit as its answers report it: a fixed one-minute window of requests per workspace
(10,000 for an app by default), reported on every answer in ``X-RateLimit-Limit``, ``X-RateLimit-Remaining``
and ``X-RateLimit-Reset`` (epoch seconds when the window resets); a spent window answers 429 with the same
headers (https://developers.intercom.com/docs/references/rest-api/errors/rate-limiting)."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from glue_emulators.intercom import responses

WINDOW_SECONDS = 60


class MinuteWindow:
    def __init__(self, limit: int, clock: Callable[[], float] = time.time):
        self.limit = limit
        self.clock = clock  # epoch seconds: the reset header is a wall-clock time
        self._slot = -1
        self._used = 0
        self._lock = threading.Lock()

    def take(self) -> tuple[bool, int, int]:
        """Counts one request: (allowed, remaining, reset epoch)."""
        now = self.clock()
        with self._lock:
            slot = math.floor(now / WINDOW_SECONDS)
            if slot != self._slot:
                self._slot, self._used = slot, 0
            allowed = self._used < self.limit
            if allowed:
                self._used += 1
            return allowed, max(0, self.limit - self._used), (slot + 1) * WINDOW_SECONDS


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, window: MinuteWindow, is_api_path: Callable[[str], bool]):
        self.app = app
        self.window = window
        self.is_api_path = is_api_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.is_api_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        allowed, remaining, reset = self.window.take()
        if not allowed:
            await responses.rate_limited(self.window.limit, reset)(scope, receive, send)
            return
        headers = [(b"x-ratelimit-limit", str(self.window.limit).encode()),
                   (b"x-ratelimit-remaining", str(remaining).encode()), (b"x-ratelimit-reset", str(reset).encode())]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                # A 429 from the fault injector already says when to come back: its headers stand.
                message = {**message, "headers": [*message.get("headers", []),
                                                  *(h for h in headers if h[0] not in present)]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
