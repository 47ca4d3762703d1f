"""An emulator of Microsoft Dynamics 365 Sales (Dataverse Web API v9.2) and the Microsoft identity
platform's OAuth endpoints, following Microsoft's public documentation:
https://learn.microsoft.com/power-apps/developer/data-platform/webapi/overview (queries, paging by
``@odata.nextLink``, ``Prefer: odata.maxpagesize``, change tracking's delta links: tracking.py),
.../api-limits (service protection) and
https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow (OAuth).

In reality the API lives on the customer's organisation URL (``https://{org}.crm.dynamics.com``) and
OAuth on ``https://login.microsoftonline.com``; here both share the emulator's host, which is the
organisation URL a connection names.
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
from glue_emulators.ms_dynamics_365_sales.api import api_routes, is_api_path
from glue_emulators.ms_dynamics_365_sales.errors import render_fault, route_error
from glue_emulators.ms_dynamics_365_sales.limits import (
    REQUESTS_PER_WINDOW, WINDOW_SECONDS, ServiceProtectionMiddleware, service_protection,
)
from glue_emulators.ms_dynamics_365_sales.oauth_routes import oauth_routes
from glue_emulators.ms_dynamics_365_sales.render import TABLES, Renderer, remote_id
from glue_emulators.ms_dynamics_365_sales.tracking import ChangeTracking, tracking_routes
from glue_emulators.oauth import OAuthServer
from glue_emulators.profile import RateWindows
from glue_emulators.wire import route_error_handlers

DEFAULT_COUNTS = {"account": 60, "contact": 200, "lead": 40, "opportunity": 80, "systemuser": 8, "new_project": 25}
ACCESS_TOKEN_TTL = 3599  # seconds, as Microsoft's token answers say (60 to 90 minutes in reality)


@dataclass
class Emulator:
    app: ASGIApp
    dataset: Dataset
    faults: Faults
    oauth: OAuthServer
    rate_windows: RateWindows
    tracking: ChangeTracking


def create_emulator(
    counts: dict[str, int] | None = None, *, rate_limit: int = REQUESTS_PER_WINDOW,
    rate_window_seconds: float = WINDOW_SECONDS, clock: Callable[[], float] = time.monotonic,
) -> Emulator:
    """``counts``: records per table (logical names); ``clock`` times the service protection window."""
    counts = {**DEFAULT_COUNTS, **(counts or {})}
    unknown = set(counts) - set(TABLES)
    if unknown:
        raise ValueError(f"Dynamics has no table(s) {', '.join(sorted(unknown))} here; known: {', '.join(TABLES)}")
    dataset = Dataset(counts)
    faults = Faults()
    oauth = OAuthServer(access_token_ttl=ACCESS_TOKEN_TTL)
    windows = service_protection(rate_limit, rate_window_seconds, clock)
    # Standard tables track changes, as Dynamics 365 Sales ships them; the customer's own table not yet.
    tracking = ChangeTracking(dataset, {name for name, table in TABLES.items() if not table.custom})
    routes = [*api_routes(dataset, oauth, tracking), *oauth_routes(oauth),
              *control_routes(dataset, faults, oauth, remote_id, Renderer(dataset)), *tracking_routes(tracking)]
    app: ASGIApp = Starlette(routes=routes, exception_handlers=route_error_handlers(route_error))
    app = FaultMiddleware(app, faults, is_api_path, render_fault)
    app = ServiceProtectionMiddleware(app, windows)  # outermost: faulted answers carry the headers too
    return Emulator(app=app, dataset=dataset, faults=faults, oauth=oauth, rate_windows=windows,
                    tracking=tracking)
