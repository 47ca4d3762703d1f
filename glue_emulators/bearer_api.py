"""An OAuth provider's REST API emulated on the kit: bearer tokens from the emulator's own OAuth
server, a generated dataset, fault injection, the shared control routes, and one fixed rate
window per token reported in the provider's headers.

Zendesk Sell and Capsule are built this way (their packages give the routes, the records and the
error bodies); HubSpot, Salesforce and Pipedrive predate it and assemble the same parts by hand.

    emulator = assemble(name="capsule", api_routes=..., oauth_routes=..., dataset=..., oauth=...,
                        remote_id=..., render=..., errors=CAPSULE_ERRORS, window=HeaderWindow(...),
                        is_api_path=lambda path: path.startswith("/api/v2/"))
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from glue_emulators.control import FaultMiddleware, control_routes
from glue_emulators.dataset import Dataset, Record
from glue_emulators.faults import Faults
from glue_emulators.oauth import OAuthServer
from glue_emulators.profile import Errors, RateWindow, RateWindows
from glue_emulators.wire import retry_after, route_error_handlers


@dataclass(frozen=True)
class HeaderWindow:
    """``limit`` requests per token every ``seconds``, reported on every API answer in three headers:
    the limit, what is left, and when the window resets (seconds from now, or a UTC epoch second)."""

    seconds: float
    limit: int
    names: tuple[str, str, str]  # limit, remaining, reset
    reset_style: Literal["seconds", "epoch"] = "seconds"


@dataclass
class BearerApiEmulator:
    app: ASGIApp
    dataset: Dataset
    faults: Faults
    oauth: OAuthServer
    windows: RateWindows
    refused: dict[str, int]  # {"rate_limit": n}: requests a spent window refused


def bearer_token(headers: Headers) -> str | None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def assemble(*, api_routes: list[Route], oauth_routes: list[Route], dataset: Dataset, oauth: OAuthServer,
             remote_id: Callable[[str, int], str], render: Callable[[str, Record], dict], errors: Errors,
             window: HeaderWindow, is_api_path: Callable[[str], bool], per_second: int = 0,
             clock: Callable[[], float] = time.monotonic) -> BearerApiEmulator:
    """The API behind its token check, faults and rate window; OAuth and control routes beside it.
    ``per_second``: a burst limit per token besides the window (0: none), refused with 429 but not reported."""
    faults = Faults()
    burst = (RateWindow(1, per_second),) if per_second else ()
    windows = RateWindows((*burst, RateWindow(window.seconds, window.limit)), clock)

    def route_error(status_code: int, request: Request) -> Response:
        if status_code == 405:
            return errors.answer(405, errors.method_not_allowed.format(method=request.method))
        return errors.answer(404, errors.not_found)

    def render_fault(fault: str, faults: Faults) -> Response:
        if fault == "unauthorized":
            return errors.answer(401, errors.unauthorized)
        if fault == "rate_limit":
            return errors.answer(429, errors.rate_limited, {"Retry-After": retry_after(faults.retry_after_seconds)})
        return errors.answer(500, errors.server_error)

    routes = [*api_routes, *oauth_routes, *control_routes(dataset, faults, oauth, remote_id, render)]
    app: ASGIApp = Starlette(routes=routes, exception_handlers=route_error_handlers(route_error))
    app = _TokenGate(app, oauth, errors, is_api_path)
    app = FaultMiddleware(app, faults, is_api_path, render_fault)
    # Outermost: every API answer, faulted or not, carries the window's headers.
    refused = {"rate_limit": 0}
    app = _HeaderWindowMiddleware(app, windows, window, errors, is_api_path, clock, refused)
    return BearerApiEmulator(app, dataset, faults, oauth, windows, refused)


class _TokenGate:
    """The provider's 401 for API requests without a live access token."""

    def __init__(self, app: ASGIApp, oauth: OAuthServer, errors: Errors, is_api_path: Callable[[str], bool]):
        self.app, self.oauth, self.errors, self.is_api_path = app, oauth, errors, is_api_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.is_api_path(scope["path"]):
            token = bearer_token(Headers(scope=scope))
            if token is None or self.oauth.grant_for(token) is None:
                await self.errors.answer(401, self.errors.unauthorized)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class _HeaderWindowMiddleware:
    def __init__(self, app: ASGIApp, windows: RateWindows, window: HeaderWindow, errors: Errors,
                 is_api_path: Callable[[str], bool], clock: Callable[[], float], refused: dict[str, int]):
        self.app, self.windows, self.window, self.errors = app, windows, window, errors
        self.is_api_path, self.clock, self.refused = is_api_path, clock, refused

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.is_api_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        wait, usage = self.windows.take(bearer_token(Headers(scope=scope)))
        headers = self._headers(usage[-1][1])  # the reported window is the last one
        if wait is not None:
            self.refused["rate_limit"] += 1
            await self.errors.answer(429, self.errors.rate_limited, {**headers, "Retry-After": retry_after(wait)})(
                scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []),
                                                  *((k.encode(), v.encode()) for k, v in headers.items())]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _headers(self, used: int) -> dict[str, str]:
        limit_name, remaining_name, reset_name = self.window.names
        left = self.window.seconds - (self.clock() % self.window.seconds)
        reset = str(math.ceil(time.time() + left)) if self.window.reset_style == "epoch" else str(math.ceil(left))
        return {limit_name: str(self.window.limit), remaining_name: str(max(0, self.window.limit - used)),
                reset_name: reset}
