"""An emulator of Zoho CRM's API v5 and of a data centre's accounts server, following Zoho's public documentation.

References: https://www.zoho.com/crm/developer/docs/api/v5/ (records, deleted records, users, field
metadata, API limits, status codes) and https://www.zoho.com/accounts/protocol/oauth/ (the OAuth server and
its data centres). In reality the accounts server (``https://accounts.zoho.eu``) and the API
(``https://www.zohoapis.eu``) are two hosts of one data centre; here both share the emulator's host, which the
redirect reports as ``accounts-server`` and the token answer as ``api_domain``.
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
from glue_emulators.wire import route_error_handlers
from glue_emulators.zoho_crm.api import api_routes, is_api_path
from glue_emulators.zoho_crm.credits import ENTERPRISE_CONCURRENCY, ENTERPRISE_CREDITS, CreditMiddleware, CreditWindow
from glue_emulators.zoho_crm.oauth_routes import ACCESS_TOKEN_TTL, oauth_routes
from glue_emulators.zoho_crm.render import Renderer, remote_id
from glue_emulators.zoho_crm.responses import render_fault, route_error

DEFAULT_COUNTS = {"Leads": 200, "Contacts": 200, "Accounts": 60, "Deals": 150, "users": 8}


@dataclass
class Emulator:
    app: ASGIApp
    dataset: Dataset
    faults: Faults
    oauth: OAuthServer
    credits: CreditWindow


def create_emulator(
    counts: dict[str, int] | None = None, *, credits: int = ENTERPRISE_CREDITS,
    concurrency: int = ENTERPRISE_CONCURRENCY, location: str = "eu", clock: Callable[[], float] = time.monotonic,
) -> Emulator:
    """``counts`` overrides the default records per module; ``location`` is the data centre the accounts server
    stands for; ``clock`` (seconds) times the credit window, so a test can move time instead of waiting."""
    dataset = Dataset({**DEFAULT_COUNTS, **(counts or {})})
    faults = Faults()
    oauth = OAuthServer(access_token_ttl=ACCESS_TOKEN_TTL)
    window = CreditWindow(limit=credits, concurrency=concurrency, clock=clock)
    routes = [*api_routes(dataset, oauth), *oauth_routes(oauth, location, set()),
              *control_routes(dataset, faults, oauth, remote_id, Renderer(dataset))]
    app: ASGIApp = Starlette(routes=routes, exception_handlers=route_error_handlers(route_error))
    app = FaultMiddleware(app, faults, is_api_path, render_fault)
    app = CreditMiddleware(app, window, is_api_path)  # outermost: faulted answers carry the headers too
    return Emulator(app=app, dataset=dataset, faults=faults, oauth=oauth, credits=window)
