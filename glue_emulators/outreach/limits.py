"""Outreach's rate limit: 10,000 requests per user in each one-hour period.

Every API answer carries ``x-ratelimit-limit``, ``x-ratelimit-remaining`` and
``x-ratelimit-reset`` (the Unix time, in seconds, when the period ends); a spent period
answers 429 with Outreach's ``rateLimitExceeded`` error, saying when to try again, and
``Retry-After``. Requests are counted per user (the account the token acts for), so every
token of one user shares the period.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from glue_emulators.oauth import OAuthServer
from glue_emulators.outreach.errors import rate_limited

HOUR = 3600.0


@dataclass
class HourlyWindows:
    limit: int = 10_000
    seconds: float = HOUR
    clock: Callable[[], float] = time.time  # Unix seconds: the reset header is a Unix time
    _periods: dict[str, tuple[float, int]] = field(default_factory=dict)  # user -> (period start, requests)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def take(self, user: str) -> tuple[bool, int, float]:
        """Count one request: (allowed, remaining, Unix time the period ends)."""
        now = self.clock()
        with self._lock:
            started, used = self._periods.get(user, (now, 0))
            if now - started >= self.seconds:
                started, used = now, 0
            allowed = used < self.limit
            if allowed:
                used += 1
            self._periods[user] = (started, used)
        return allowed, self.limit - used, started + self.seconds

    def headers(self, remaining: int, resets_at: float) -> dict[str, str]:
        return {"x-ratelimit-limit": str(self.limit), "x-ratelimit-remaining": str(remaining),
                "x-ratelimit-reset": str(math.ceil(resets_at))}


class RateLimitMiddleware:
    """Counts API requests per user, stamps the headers on every answer, refuses a spent period."""

    def __init__(self, app: ASGIApp, windows: HourlyWindows, oauth: OAuthServer, is_api_path: Callable[[str], bool]):
        self.app, self.windows, self.oauth, self.is_api_path = app, windows, oauth, is_api_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.is_api_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        token = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1").partition(" ")[2].strip()
        grant = self.oauth.grant_for(token)
        user = f"{grant.client_id}/{grant.account_id}" if grant is not None else f"token:{token}"
        allowed, remaining, resets_at = self.windows.take(user)
        extra = self.windows.headers(remaining, resets_at)
        if not allowed:
            wait = max(0.0, resets_at - self.windows.clock())
            again = datetime.fromtimestamp(resets_at, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
            await rate_limited(wait, self.windows.limit, again, extra)(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []),
                                                  *((k.encode(), v.encode()) for k, v in extra.items())]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
