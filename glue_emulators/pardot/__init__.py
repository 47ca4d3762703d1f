"""An emulator of Salesforce Marketing Cloud Account Engagement (formerly Pardot) API v5 and the Salesforce
OAuth it signs in with, following Account Engagement's public reference (Version 5 Overview, Authentication,
Error Codes and Messages, the v5 object pages) and Salesforce's OAuth web server flow.

- OAuth: Salesforce's own routes (``/services/oauth2/*``, the consent page, PKCE, refresh, revocation) from
  the Salesforce emulator, so both providers sign in the same way.
- API: ``/api/v5/objects/*`` (api.py). Every request needs a live bearer token (else 401, code 184) and a
  business unit this account has in ``Pardot-Business-Unit-Id`` (missing: 401 code 181; unknown: 401 code 182).
- Limits: a daily number of API calls per business unit (``daily_limit``; once spent, 429 with code 122 and
  no Retry-After until the UTC day turns) and a number of requests at once per business unit
  (``concurrent_limit``; beyond it, 429 with code 66). Account Engagement reports no usage in its headers.
  (The codes and statuses are written from memory; see Glue's provider module.)
- Control: the kit's routes under ``/_emulator`` (dataset, records, faults, tokens) and
  ``POST /_emulator/limits`` ``{"daily_limit", "concurrent_limit", "business_units"}``.

    emulator = create_emulator({"prospects": 200})
    tokens = emulator.oauth.mint()  # or the consent page at /services/oauth2/authorize
    headers = {"Authorization": f"Bearer {tokens['access_token']}", "Pardot-Business-Unit-Id": BUSINESS_UNIT_ID}
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from glue_emulators.bearer_api import bearer_token
from glue_emulators.control import CONTROL_PREFIX, FaultMiddleware, control_routes
from glue_emulators.dataset import Dataset
from glue_emulators.faults import Faults
from glue_emulators.oauth import OAuthServer
from glue_emulators.pardot.api import answer, api_routes, is_api_path
from glue_emulators.pardot.render import remote_id, render
from glue_emulators.salesforce.ids import record_id
from glue_emulators.salesforce.oauth_routes import oauth_routes
from glue_emulators.wire import retry_after, route_error_handlers

DEFAULT_COUNTS = {"prospects": 250, "visitors": 120, "visitor_activity": 400, "campaigns": 8, "forms": 10}
BUSINESS_UNIT_ID = "0Uv5e000000CaB8CAK"  # the emulated account's one business unit
ORG_ID = record_id("00D", 7)
DAILY_LIMIT = 100_000  # per business unit (the Advanced edition's allowance, from memory)
CONCURRENT_LIMIT = 5
BUSINESS_UNIT_HEADER = "pardot-business-unit-id"


@dataclass
class Limits:
    daily_limit: int = DAILY_LIMIT
    concurrent_limit: int = CONCURRENT_LIMIT
    business_units: set[str] = field(default_factory=lambda: {BUSINESS_UNIT_ID})
    used: dict[tuple[str, date], int] = field(default_factory=dict)  # (business unit, UTC day) -> calls
    in_flight: dict[str, int] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=lambda: {"daily": 0, "concurrent": 0})
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


@dataclass
class PardotEmulator:
    app: ASGIApp
    dataset: Dataset
    faults: Faults
    oauth: OAuthServer
    limits: Limits


def create_emulator(counts: dict[str, int] | None = None, *,
                    today: Callable[[], date] = lambda: datetime.now(timezone.utc).date()) -> PardotEmulator:
    """``counts``: records per object (v5 names); ``today`` says which UTC day the daily allowance counts."""
    dataset = Dataset({**DEFAULT_COUNTS, **(counts or {})})
    faults, oauth, limits = Faults(), OAuthServer(account_id=ORG_ID), Limits()
    routes = [*api_routes(dataset), *oauth_routes(oauth, ORG_ID, record_id("005", 1)),
              *control_routes(dataset, faults, oauth, remote_id, render), _limits_route(limits)]
    app: ASGIApp = Starlette(routes=routes, exception_handlers=route_error_handlers(_route_error))
    app = _Gate(app, oauth, limits)
    app = _LimitMiddleware(app, limits, today)
    app = FaultMiddleware(app, faults, is_api_path, _render_fault)
    return PardotEmulator(app, dataset, faults, oauth, limits)


def _route_error(status_code: int, request: Request) -> Response:
    if status_code == 405:
        return answer(405, 405, f"Method {request.method} is not allowed.")
    return answer(404, 404, "The requested resource was not found.")


def _render_fault(fault: str, faults: Faults) -> Response:
    if fault == "unauthorized":
        return answer(401, 184, "access_token is invalid, unknown, or malformed: Inactive token.")
    if fault == "rate_limit":
        return answer(429, 66, "Exceeded concurrent request limit.",
                      {"Retry-After": retry_after(faults.retry_after_seconds)})
    return answer(500, 500, "An internal error occurred.")


class _Gate:
    """401 for API requests without a live token or without one of the account's business units."""

    def __init__(self, app: ASGIApp, oauth: OAuthServer, limits: Limits):
        self.app, self.oauth, self.limits = app, oauth, limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and is_api_path(scope["path"]):
            headers = Headers(scope=scope)
            token = bearer_token(headers)
            unit = headers.get(BUSINESS_UNIT_HEADER)
            refusal = None
            if token is None or self.oauth.grant_for(token) is None:
                refusal = answer(401, 184, "access_token is invalid, unknown, or malformed: Inactive token.")
            elif not unit:
                refusal = answer(401, 181, "The Pardot-Business-Unit-Id header is missing.")
            elif unit not in self.limits.business_units:
                refusal = answer(401, 182, "Invalid Business Unit ID.")
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)


class _LimitMiddleware:
    """The daily allowance and the concurrent requests of each business unit."""

    def __init__(self, app: ASGIApp, limits: Limits, today: Callable[[], date]):
        self.app, self.limits, self.today = app, limits, today

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_api_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        unit = Headers(scope=scope).get(BUSINESS_UNIT_HEADER) or ""
        limits = self.limits
        with limits.lock:
            key = (unit, self.today())
            if limits.used.get(key, 0) >= limits.daily_limit:
                limits.refused["daily"] += 1
                refusal = answer(429, 122, "Daily API rate limit met.")
            elif limits.in_flight.get(unit, 0) >= limits.concurrent_limit:
                limits.refused["concurrent"] += 1
                refusal = answer(429, 66, "Exceeded concurrent request limit.")
            else:
                refusal = None
                limits.used[key] = limits.used.get(key, 0) + 1
                limits.in_flight[unit] = limits.in_flight.get(unit, 0) + 1
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            with limits.lock:
                limits.in_flight[unit] -= 1


def _limits_route(limits: Limits) -> Route:
    async def configure(request: Request) -> Response:
        body = await request.json() if await request.body() else {}
        with limits.lock:
            if "daily_limit" in body:
                limits.daily_limit = int(body["daily_limit"])
            if "concurrent_limit" in body:
                limits.concurrent_limit = int(body["concurrent_limit"])
            if "business_units" in body:
                limits.business_units = set(body["business_units"])
            used = {f"{unit}/{day.isoformat()}": n for (unit, day), n in limits.used.items()}
            return JSONResponse({"daily_limit": limits.daily_limit, "concurrent_limit": limits.concurrent_limit,
                                 "business_units": sorted(limits.business_units), "used": used,
                                 "refused": dict(limits.refused)})

    return Route(f"{CONTROL_PREFIX}/limits", configure, methods=["GET", "POST"])
