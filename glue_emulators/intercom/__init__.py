"""An emulator of Intercom's REST API and OAuth, following Intercom's public documentation
(https://developers.intercom.com/docs/references/rest-api/api.intercom.io, API version 2.11).

Records (contacts, companies, conversations, admins) are generated from ``{object: count}``; the routes are
in api.py (searches in search.py), OAuth in oauth_routes.py, the rate window in limits.py. Access tokens never
expire, as Intercom's do not; a test ends one with the control API (``/_emulator/tokens/revoke_all``) or
answers 401 to everything with ``/_emulator/faults {"unauthorized": true}``.

    emulator = create_emulator({"contacts": 300})
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server:
        httpx.post(server.url + "/contacts/search", headers={"Authorization": f"Bearer {token}"},
                   json={"query": {"field": "updated_at", "operator": ">", "value": 0}})
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import time

from starlette.applications import Starlette
from starlette.types import ASGIApp

from glue_emulators.control import FaultMiddleware, control_routes
from glue_emulators.dataset import Dataset
from glue_emulators.faults import Faults
from glue_emulators.intercom.api import api_routes, is_api_path
from glue_emulators.intercom.limits import MinuteWindow, RateLimitMiddleware
from glue_emulators.intercom.oauth_routes import oauth_routes
from glue_emulators.intercom.render import Renderer, remote_id
from glue_emulators.intercom.responses import render_fault, route_error
from glue_emulators.oauth import OAuthServer
from glue_emulators.wire import route_error_handlers

DEFAULT_COUNTS = {"contacts": 200, "companies": 40, "conversations": 120, "admins": 6}
NEVER = 100 * 365 * 86_400  # Intercom's access tokens do not expire


@dataclass
class Emulator:
    app: ASGIApp
    dataset: Dataset
    faults: Faults
    oauth: OAuthServer
    window: MinuteWindow


def create_emulator(counts: dict[str, int] | None = None, *, per_minute: int = 10_000,
                    clock: Callable[[], float] = time.time) -> Emulator:
    """``counts`` overrides the default number of records per object; ``clock`` (epoch seconds) times the
    one-minute rate window."""
    dataset = Dataset({**DEFAULT_COUNTS, **(counts or {})})
    faults = Faults()
    oauth = OAuthServer(access_token_ttl=NEVER)
    window = MinuteWindow(per_minute, clock)
    routes = [*api_routes(dataset, oauth), *oauth_routes(oauth),
              *control_routes(dataset, faults, oauth, remote_id, Renderer(dataset))]
    app: ASGIApp = Starlette(routes=routes, exception_handlers=route_error_handlers(route_error))
    app = FaultMiddleware(app, faults, is_api_path, render_fault)
    app = RateLimitMiddleware(app, window, is_api_path)  # outermost: faulted answers carry the headers too
    return Emulator(app=app, dataset=dataset, faults=faults, oauth=oauth, window=window)
