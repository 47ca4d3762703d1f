"""An emulator of Linear's GraphQL API and OAuth, following Linear's public documentation
(https://linear.app/developers: GraphQL, pagination, filtering, rate limiting, OAuth 2.0 authentication).

- ``POST /graphql``: the list connections and ``viewer`` (api.py; the query subset it reads: graphql.py).
- OAuth on the shared kit (token_routes.py): consent at ``/oauth/authorize``, ``/oauth/token`` (code and
  refresh grants; access tokens live 24 hours, refresh tokens rotate, as Linear's do since 2026),
  ``/oauth/revoke``. In reality the consent page is on linear.app and the rest on api.linear.app.
- Allowances and their headers: limits.py. Control: ``/_emulator/...`` (control.py).

    emulator = create_emulator({"issues": 2000})
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server:
        httpx.post(server.url + "/graphql", headers={"Authorization": f"Bearer {token}"},
                   json={"query": "{ issues(first: 50) { nodes { id title } pageInfo { hasNextPage endCursor } } }"})
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp

from glue_emulators.control import FaultMiddleware, control_routes
from glue_emulators.dataset import Dataset
from glue_emulators.faults import Faults
from glue_emulators.linear.api import api_routes, errors, is_api_path
from glue_emulators.linear.limits import HourlyAllowances
from glue_emulators.linear.render import Renderer, remote_id
from glue_emulators.oauth import OAuthServer
from glue_emulators.token_routes import TokenEndpoints, token_routes
from glue_emulators.wire import retry_after, route_error_handlers

DEFAULT_COUNTS = {"issues": 300, "comments": 400, "projects": 20, "teams": 5, "users": 12}
ACCESS_TOKEN_TTL = 86_399  # seconds: Linear's access tokens live 24 hours
ENDPOINTS = TokenEndpoints("Linear", "/oauth/authorize", "/oauth/token", "/oauth/revoke")


@dataclass
class Emulator:
    app: ASGIApp
    dataset: Dataset
    faults: Faults
    oauth: OAuthServer
    allowances: HourlyAllowances
    render: Renderer


def create_emulator(counts: dict[str, int] | None = None, *, requests_per_hour: int = 5_000,
                    complexity_per_hour: int = 3_000_000, clock: Callable[[], float] = time.time) -> Emulator:
    """``counts`` overrides the default number of records per object; ``clock`` (epoch seconds) times the
    hourly allowances."""
    dataset = Dataset({**DEFAULT_COUNTS, **(counts or {})})
    faults = Faults()
    oauth = OAuthServer(access_token_ttl=ACCESS_TOKEN_TTL)
    render = Renderer(dataset)
    allowances = HourlyAllowances(requests_per_hour, complexity_per_hour, clock)
    routes = [*api_routes(dataset, oauth, render, allowances), *token_routes(oauth, ENDPOINTS),
              *control_routes(dataset, faults, oauth, remote_id, render)]
    app: ASGIApp = Starlette(routes=routes, exception_handlers=route_error_handlers(route_error))
    app = FaultMiddleware(app, faults, is_api_path, render_fault)
    return Emulator(app=app, dataset=dataset, faults=faults, oauth=oauth, allowances=allowances, render=render)


def render_fault(fault: str, faults: Faults) -> Response:
    if fault == "unauthorized":
        return errors(401, "Authentication required, not authenticated", "AUTHENTICATION_ERROR")
    if fault == "rate_limit":  # Linear says when the allowance comes back in its reset headers (epoch ms)
        reset = str(int((time.time() + int(retry_after(faults.retry_after_seconds))) * 1000))
        return errors(400, "Rate limit exceeded", "RATELIMITED", {
            "X-RateLimit-Requests-Limit": "5000", "X-RateLimit-Requests-Remaining": "0",
            "X-RateLimit-Requests-Reset": reset})
    return errors(500, "Internal server error", "INTERNAL_SERVER_ERROR")


def route_error(status_code: int, request: Request) -> Response:
    return errors(status_code, "Not found" if status_code == 404 else f"{request.method} is not allowed",
                  "NOT_FOUND" if status_code == 404 else "METHOD_NOT_ALLOWED")
