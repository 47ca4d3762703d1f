"""An emulator of Slack's Web API and OAuth v2, following Slack's public reference
(https://docs.slack.dev/reference/methods).

Users, conversations (public and private channels) and messages are generated from ``{object: count}``;
message ``i`` is posted in one of the first few channels (``MESSAGE_CHANNELS``) at its creation time, which
is its ``ts``; some generated messages are thread replies (``threads``: how many each thread has, see
render.py), and ``emulator.render.post_replies`` answers a thread later. The methods are in api.py, OAuth in
oauth_routes.py. Bot tokens never expire (no token rotation); a test ends them with
``/_emulator/tokens/revoke_all`` or answers ``invalid_auth`` to everything with
``/_emulator/faults {"unauthorized": true}``.

``limited_history=True`` applies the limits Slack sets since 2025-05-29 for apps distributed outside its
Marketplace: ``conversations.history`` and ``conversations.replies`` serve one call a minute (by ``clock``)
and at most 15 messages a call, each method counted apart (``history`` and ``replies`` count the calls served).

    emulator = create_emulator({"messages": 300})
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server:
        httpx.get(server.url + "/api/users.list", headers={"Authorization": f"Bearer {token}"})
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
from glue_emulators.slack.api import HistoryLimit, api_routes, is_api_path
from glue_emulators.slack.oauth_routes import oauth_routes
from glue_emulators.slack.render import Renderer, Threads
from glue_emulators.slack.responses import render_fault, route_error
from glue_emulators.wire import route_error_handlers

DEFAULT_COUNTS = {"users": 20, "channels": 8, "messages": 200}
NEVER = 100 * 365 * 86_400  # bot tokens without token rotation do not expire


@dataclass
class Emulator:
    app: ASGIApp
    dataset: Dataset
    faults: Faults
    oauth: OAuthServer
    history: HistoryLimit
    replies: HistoryLimit
    render: Renderer


def create_emulator(counts: dict[str, int] | None = None, *, limited_history: bool = False,
                    clock: Callable[[], float] = time.monotonic, threads: Threads = Threads()) -> Emulator:
    dataset = Dataset({**DEFAULT_COUNTS, **(counts or {})})
    faults = Faults()
    oauth = OAuthServer(access_token_ttl=NEVER, account_id="T0EMULATED")
    render = Renderer(dataset, threads)
    history, replies = HistoryLimit(limited_history, clock), HistoryLimit(limited_history, clock)
    routes = [*api_routes(dataset, oauth, render, history, replies), *oauth_routes(oauth),
              *control_routes(dataset, faults, oauth, render.remote_id, render)]
    app: ASGIApp = Starlette(routes=routes, exception_handlers=route_error_handlers(route_error))
    app = FaultMiddleware(app, faults, is_api_path, render_fault)
    return Emulator(app=app, dataset=dataset, faults=faults, oauth=oauth, history=history,
                    replies=replies, render=render)
