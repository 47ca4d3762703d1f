"""Dataverse's service protection limits (https://learn.microsoft.com/power-apps/developer/data-platform/api-limits):
6,000 requests per user in a sliding five-minute window (here a fixed one). Every answer reports what
is left in ``x-ms-ratelimit-burst-remaining-xrm-requests`` (requests) and
``x-ms-ratelimit-time-remaining-xrm-requests`` (execution time, milliseconds of the window's 1,200,000);
a spent window answers 429 with ``Retry-After`` and error 0x80072322.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from glue_emulators.ms_dynamics_365_sales.api import is_api_path
from glue_emulators.ms_dynamics_365_sales.errors import rate_limited
from glue_emulators.profile import RateWindow, RateWindows

WINDOW_SECONDS = 300
REQUESTS_PER_WINDOW = 6000
EXECUTION_MS_PER_WINDOW = 1_200_000
EXECUTION_MS_PER_REQUEST = 20  # what each emulated request is said to cost


def service_protection(limit: int = REQUESTS_PER_WINDOW, window_seconds: float = WINDOW_SECONDS,
                       clock: Callable[[], float] = time.monotonic) -> RateWindows:
    return RateWindows((RateWindow(window_seconds, limit),), clock)


class ServiceProtectionMiddleware:
    def __init__(self, app: ASGIApp, windows: RateWindows):
        self.app = app
        self.windows = windows

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_api_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        user = Headers(scope=scope).get("authorization", "")
        wait, usage = self.windows.take(user)
        (window, used), = usage
        remaining_ms = max(0, EXECUTION_MS_PER_WINDOW - used * EXECUTION_MS_PER_REQUEST)
        headers = {"x-ms-ratelimit-burst-remaining-xrm-requests": str(max(0, window.limit - used)),
                   "x-ms-ratelimit-time-remaining-xrm-requests": f"{remaining_ms:,.2f}"}
        if wait is not None:
            response = rate_limited(wait)
            response.headers.update(headers)
            await response(scope, receive, send)
            return

        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []),
                                                  *((k.encode(), v.encode()) for k, v in headers.items())]}
            await send(message)

        await self.app(scope, receive, stamped)
