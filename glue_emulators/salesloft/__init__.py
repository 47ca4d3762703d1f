"""An emulator of Salesloft's v2 API and OAuth server, following https://developers.salesloft.com/docs/api
(people, accounts, users, cadences, cadence memberships, me, team, custom fields), its rate-limit page
(the team's cost per minute, deep pages costing more: costs.py) and its OAuth guide (oauth_routes.py).

In reality the API lives on ``https://api.salesloft.com`` and OAuth on ``https://accounts.salesloft.com``;
here both share one host. Records are generated (``glue_emulators.dataset``) from ``{object: count}``.

    emulator = create_emulator({"people": 60_000}, window_seconds=1, clock=clock)
    with EmulatorServer(emulator.app) as server:
        token = emulator.oauth.mint()["access_token"]

Control: ``GET /_emulator/costs`` (cost spent, 429s refused, the deepest page asked for); the shared
``/_emulator/faults``, ``/changes``, ``/records``, ``/dataset``, ``/tokens``, ``/clients`` (control.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from glue_emulators.control import CONTROL_PREFIX, FaultMiddleware, control_routes
from glue_emulators.dataset import Dataset
from glue_emulators.faults import Faults
from glue_emulators.oauth import OAuthServer
from glue_emulators.salesloft.api import api_routes, error, is_api_path, unauthorized
from glue_emulators.salesloft.costs import CostBudget, CostMiddleware
from glue_emulators.salesloft.oauth_routes import oauth_routes
from glue_emulators.salesloft.records import MICROSECOND, OBJECTS, coarse, remote_id, render
from glue_emulators.wire import retry_after, route_error_handlers

DEFAULT_COUNTS = {"people": 500, "accounts": 100, "users": 10, "cadences": 12, "cadence_memberships": 800}
ACCESS_TOKEN_TTL = 7200  # seconds: Salesloft's access tokens last two hours


@dataclass
class Emulator:
    app: ASGIApp
    dataset: Dataset
    faults: Faults
    oauth: OAuthServer
    budget: CostBudget


def create_emulator(counts: dict[str, int] | None = None, *, cost_per_minute: int = 600,
                    window_seconds: float = 60.0, clock: Callable[[], float] = time.monotonic,
                    time_resolution: timedelta = MICROSECOND, endpoint_costs: dict[str, int] | None = None,
                    ) -> Emulator:
    """``counts`` overrides the default records per object; ``clock`` (seconds) and ``window_seconds`` time the
    team's cost minute, so a test moves time or shortens the minute instead of waiting one. ``time_resolution``
    cuts record times down (a whole second: records changed in the same second share one ``updated_at``).
    ``endpoint_costs``: {path: cost} for endpoints that cost more than 1 (``{"/v2/people": 30}``)."""
    unknown = set(counts or {}) - set(OBJECTS)
    if unknown:
        raise ValueError(f"Salesloft emulator has no objects {sorted(unknown)}")
    dataset = Dataset({**DEFAULT_COUNTS, **(counts or {})})
    faults, oauth = Faults(), OAuthServer(access_token_ttl=ACCESS_TOKEN_TTL)
    budget = CostBudget(cost_per_minute, window_seconds, clock, endpoint_costs=dict(endpoint_costs or {}))

    async def costs(request: Request) -> Response:
        return JSONResponse(budget.report())

    routes = [*api_routes(dataset, oauth, time_resolution), *oauth_routes(oauth),
              *control_routes(dataset, faults, oauth, remote_id_text, partial(_shown, time_resolution)),
              Route(f"{CONTROL_PREFIX}/costs", costs, methods=["GET"])]
    app: ASGIApp = Starlette(routes=routes, exception_handlers=route_error_handlers(_route_error))
    app = FaultMiddleware(app, faults, is_api_path, _render_fault)
    app = CostMiddleware(app, budget, is_api_path)  # outermost: faulted answers carry the cost headers too
    return Emulator(app, dataset, faults, oauth, budget)


def _shown(resolution: timedelta, object_name: str, record) -> dict:
    return render(object_name, coarse(record, resolution))


def remote_id_text(object_name: str, index: int) -> str:
    """A record's id as the control API names it (Glue keeps ids as text)."""
    return str(remote_id(object_name, index))


def _render_fault(fault: str, faults: Faults) -> Response:
    if fault == "unauthorized":
        return unauthorized()
    if fault == "rate_limit":
        response = error(429, "Rate limit exceeded")
        response.headers["Retry-After"] = retry_after(faults.retry_after_seconds)
        return response
    return error(500, "Internal Server Error")


def _route_error(status_code: int, request: Request) -> Response:
    return error(405, "Method Not Allowed") if status_code == 405 else error(404, "Not Found")
