"""An emulator of Pipedrive's API and OAuth server, following Pipedrive's public documentation.

References: https://developers.pipedrive.com/docs/api/v1 (API v1: leads, users, OAuth),
https://pipedrive.readme.io/docs/pipedrive-api-v2-migration-guide (API v2: persons,
organizations, deals), https://pipedrive.readme.io/docs/core-api-concepts-rate-limiting
and https://pipedrive.readme.io/docs/marketplace-oauth-and-api-proxy-status-codes.

In reality the API lives on ``https://{company}.pipedrive.com`` and OAuth on
``https://oauth.pipedrive.com``; here both share one host, which the token answer
reports as ``api_domain``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.types import ASGIApp

from glue_emulators.control import FaultMiddleware, control_routes
from glue_emulators.dataset import Dataset
from glue_emulators.faults import Faults
from glue_emulators.oauth import OAuthServer
from glue_emulators.pipedrive.api import api_routes, is_api_path
from glue_emulators.pipedrive.oauth_routes import oauth_routes
from glue_emulators.pipedrive.ratelimit import RateLimitMiddleware, RateWindows
from glue_emulators.pipedrive.render import Renderer, remote_id
from glue_emulators.pipedrive.responses import render_fault, route_error
from glue_emulators.wire import route_error_handlers

DEFAULT_COUNTS = {"persons": 200, "organizations": 60, "deals": 150, "leads": 40, "users": 8}
ACCESS_TOKEN_TTL = 3599  # seconds, as Pipedrive's token answers say


@dataclass
class Emulator:
    app: ASGIApp
    dataset: Dataset
    faults: Faults
    oauth: OAuthServer
    rate_windows: RateWindows


def create_emulator(
    counts: dict[str, int] | None = None, *, rate_limit: int = 480, rate_window_seconds: float = 2.0,
    clock: Callable[[], float] = time.monotonic,
) -> Emulator:
    """``counts`` overrides the default number of records per object; ``clock`` (seconds) times the rate
    windows, so a test can move time instead of waiting."""
    dataset = Dataset({**DEFAULT_COUNTS, **(counts or {})})
    faults = Faults()
    oauth = OAuthServer(access_token_ttl=ACCESS_TOKEN_TTL)
    windows = RateWindows(limit=rate_limit, window_seconds=rate_window_seconds, clock=clock)
    routes = [*api_routes(dataset, oauth), *oauth_routes(oauth),
              *control_routes(dataset, faults, oauth, remote_id, Renderer(dataset))]
    app: ASGIApp = Starlette(routes=routes, exception_handlers=route_error_handlers(route_error))
    app = FaultMiddleware(app, faults, is_api_path, render_fault)
    app = RateLimitMiddleware(app, windows, is_api_path)  # outermost: faulted answers carry the headers too
    return Emulator(app=app, dataset=dataset, faults=faults, oauth=oauth, rate_windows=windows)
