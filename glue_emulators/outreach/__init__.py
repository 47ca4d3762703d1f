"""An emulator of Outreach's API v2 and OAuth server, following Outreach's public reference
(https://developers.outreach.io/api/: getting started (OAuth), making requests (JSON:API lists,
pagination, filtering, rate limiting, errors) and the API reference of each resource).

- OAuth: see oauth_routes.py; API lists, reads and the root: see api.py; records: render.py;
  the hourly limit per user and its headers: limits.py.
- Control: ``/_emulator/...`` as for the other OAuth emulators (control.py).

In reality both the API (``/api/v2``) and OAuth (``/oauth``) live on ``https://api.outreach.io``;
here they share the emulator's host the same way.

    emulator = create_emulator({"prospects": 2000})
    with EmulatorServer(emulator.app) as server: ...
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
from glue_emulators.outreach.api import api_routes, is_api_path
from glue_emulators.outreach.errors import render_fault, route_error
from glue_emulators.outreach.limits import HourlyWindows, RateLimitMiddleware
from glue_emulators.outreach.oauth_routes import oauth_routes
from glue_emulators.outreach.render import Renderer, remote_id
from glue_emulators.wire import route_error_handlers

DEFAULT_COUNTS = {"prospects": 200, "accounts": 60, "users": 8, "sequences": 12, "sequenceStates": 150,
                  "mailboxes": 8, "sequenceSteps": 40}
ACCESS_TOKEN_TTL = 7200  # seconds: Outreach's access tokens live two hours
AUTHORIZING_USER = 1  # the user id who approves the consent page


@dataclass
class Emulator:
    app: ASGIApp
    dataset: Dataset
    faults: Faults
    oauth: OAuthServer
    windows: HourlyWindows
    render: Renderer


def create_emulator(counts: dict[str, int] | None = None, *, hourly_limit: int = 10_000,
                    clock: Callable[[], float] = time.time) -> Emulator:
    """``counts`` overrides the default number of records per object; ``clock`` (Unix seconds) times the
    hourly periods, so a test can move time instead of waiting."""
    dataset = Dataset({**DEFAULT_COUNTS, **(counts or {})})
    faults = Faults()
    oauth = OAuthServer(access_token_ttl=ACCESS_TOKEN_TTL)
    windows = HourlyWindows(limit=hourly_limit, clock=clock)
    render = Renderer(dataset)
    routes = [*api_routes(dataset, oauth, AUTHORIZING_USER), *oauth_routes(oauth),
              *control_routes(dataset, faults, oauth, remote_id, render)]
    app: ASGIApp = Starlette(routes=routes, exception_handlers=route_error_handlers(route_error))
    app = FaultMiddleware(app, faults, is_api_path, render_fault)
    app = RateLimitMiddleware(app, windows, oauth, is_api_path)  # outermost: faulted answers carry the headers too
    return Emulator(app=app, dataset=dataset, faults=faults, oauth=oauth, windows=windows, render=render)
