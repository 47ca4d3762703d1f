"""An emulator of HubSpot's CRM API, following https://developers.hubspot.com/docs/api/overview.

It serves the slice a sync uses: OAuth (install page, /oauth/v1/token with PKCE,
token metadata), CRM v3 objects (list with ``after`` cursors and ``archived``,
search with date filters and the 10,000-results cap, reads by id, batch reads),
properties, custom object schemas, owners, v4 associations (per record, batch
reads); HubSpot's rate-limit headers and limits; HubSpot's error bodies for 401,
404, 429 and 5xx, unknown routes included. Control routes under /_emulator change
data and inject faults.

    emulator = create_emulator({"contacts": 500, "companies": 50, "owners": 10})
    with EmulatorServer(emulator.app) as server:
        token = emulator.oauth.mint()["access_token"]
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from starlette.applications import Starlette
from starlette.middleware import Middleware

from glue_emulators.control import FaultMiddleware, control_routes
from glue_emulators.dataset import Dataset, Record
from glue_emulators.faults import Faults
from glue_emulators.hubspot import render
from glue_emulators.hubspot.account import Account
from glue_emulators.hubspot.api import api_routes
from glue_emulators.hubspot.catalog import CUSTOM_KINDS, OWNERS, STANDARD_KINDS
from glue_emulators.hubspot.errors import render_fault, route_error
from glue_emulators.hubspot.gate import ApiGate, is_api_path
from glue_emulators.hubspot.limits import Limits, RollingWindow
from glue_emulators.hubspot.oauth_routes import oauth_routes
from glue_emulators.hubspot.reads import read_routes
from glue_emulators.oauth import OAuthServer
from glue_emulators.wire import route_error_handlers

DEFAULT_COUNTS = {"contacts": 1000, "companies": 200, "deals": 400, "leads": 150, "owners": 25, "cars": 100}

__all__ = ["DEFAULT_COUNTS", "Emulator", "Limits", "create_emulator"]


@dataclass
class Emulator:
    app: Starlette
    dataset: Dataset
    faults: Faults
    oauth: OAuthServer
    account: Account  # limits, private app token, object catalogue

    @property
    def limits(self) -> Limits:
        return self.account.limits


def create_emulator(
    counts: dict[str, int] | None = None, *, limits: Limits | None = None, clock: Callable[[], float] = time.monotonic
) -> Emulator:
    """``counts``: records per object; standard objects left out have none, custom ones ("cars") are absent.
    ``clock`` (seconds) times the rolling rate windows, so a test can move time instead of waiting."""
    counts = dict(DEFAULT_COUNTS if counts is None else counts)
    unknown = set(counts) - set(STANDARD_KINDS) - set(CUSTOM_KINDS) - {OWNERS}
    if unknown:
        raise ValueError(f"HubSpot emulator has no object types {sorted(unknown)}")
    for name in (*STANDARD_KINDS, OWNERS):
        counts.setdefault(name, 0)
    kinds = {**STANDARD_KINDS, **{name: kind for name, kind in CUSTOM_KINDS.items() if name in counts}}
    dataset, faults, oauth = Dataset(counts), Faults(), OAuthServer()
    account = Account(dataset, oauth, faults, limits or Limits(), kinds,
                      window=RollingWindow(clock), search_window=RollingWindow(clock))
    app = Starlette(
        routes=[*oauth_routes(account), *api_routes(account), *read_routes(account),
                *control_routes(dataset, faults, oauth, account.remote_id, partial(_render, account))],
        middleware=[
            Middleware(ApiGate, account=account),  # outermost: injected faults still count against the limits
            Middleware(FaultMiddleware, faults=faults, is_api_path=is_api_path, render=render_fault),
        ],
        exception_handlers=route_error_handlers(route_error),
    )
    return Emulator(app, dataset, faults, oauth, account)


def _render(account: Account, name: str, record: Record) -> dict:
    """A record as HubSpot's list endpoints show it (default properties)."""
    if name == OWNERS:
        return render.owner(record)
    return render.crm_records(account, account.kind(name), [record], None)[0]
