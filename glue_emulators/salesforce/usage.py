"""The org's daily API request allocation and the Sforce-Limit-Info header on every API response."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from glue_emulators.salesforce.errors import sf_error

API_PREFIX = "/services/data/"


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)


@dataclass
class ApiUsage:
    max: int = 100_000  # DailyApiRequests of a small Enterprise org
    used: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count_request(self) -> int:
        with self._lock:
            self.used += 1
            return self.used

    @property
    def remaining(self) -> int:
        return max(0, self.max - self.used)


class UsageMiddleware:
    """Counts API requests (not the versions list at /services/data/, which is free) and reports usage."""

    def __init__(self, app: ASGIApp, usage: ApiUsage):
        self.app = app
        self.usage = usage

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not is_api_path(path) or path.rstrip("/") == API_PREFIX.rstrip("/"):
            await self.app(scope, receive, send)
            return
        used = self.usage.count_request()
        header = (b"sforce-limit-info", f"api-usage={used}/{self.usage.max}".encode())
        if used > self.usage.max:
            response = sf_error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
            response.raw_headers.append(header)
            await response(scope, receive, send)
            return

        async def send_with_usage(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), header]}
            await send(message)

        await self.app(scope, receive, send_with_usage)
