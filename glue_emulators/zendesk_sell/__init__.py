"""An emulator of Zendesk Sell's Core API v2 and its OAuth server, following Sell's public reference
(https://developer.zendesk.com/api-reference/sales-crm/: Authentication, Requests, Rate limits, and
the Contacts, Leads, Deals, Users, Stages and Custom Fields resources).

In reality both live on ``https://api.getbase.com``: OAuth under ``/oauth2`` (authorize, token with
the client's credentials in HTTP Basic, revoke), the API under ``/v2`` (api.py). Sell allows 36,000
requests an hour and 10 a second per token; the emulator keeps both, reports the hour on every answer
in ``x-ratelimit-limit``, ``x-ratelimit-remaining`` and ``x-ratelimit-reset`` (seconds until the hour
ends), and refuses a spent window with 429 and ``Retry-After``.

    emulator = create_emulator({"contacts": 200, "deals": 50})
    tokens = emulator.oauth.mint()  # or the consent page at /oauth2/authorize
"""

from __future__ import annotations

import time
from collections.abc import Callable

from glue_emulators.bearer_api import BearerApiEmulator, HeaderWindow, assemble
from glue_emulators.dataset import Dataset
from glue_emulators.token_routes import TokenEndpoints, token_routes
from glue_emulators.zendesk_sell.api import SELL_ERRORS, api_routes, is_api_path
from glue_emulators.zendesk_sell.render import remote_id, render
from glue_emulators.zendesk_sell.tokens import SellOAuthServer

DEFAULT_COUNTS = {"contacts": 200, "leads": 60, "deals": 120, "users": 6}
ACCESS_TOKEN_TTL = 7200  # seconds, as Sell's token answers say
HOURLY_LIMIT = 36_000
PER_SECOND = 10
RATE_HEADERS = ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset")
OAUTH = TokenEndpoints("Zendesk Sell", "/oauth2/authorize", "/oauth2/token", "/oauth2/revoke", client_auth="basic")


def create_emulator(counts: dict[str, int] | None = None, *, hourly_limit: int = HOURLY_LIMIT,
                    per_second: int = PER_SECOND, clock: Callable[[], float] = time.monotonic) -> BearerApiEmulator:
    """``counts``: records per object (contacts, leads, deals, users); ``clock`` times the hourly window."""
    dataset = Dataset({**DEFAULT_COUNTS, **(counts or {})})
    oauth = SellOAuthServer(access_token_ttl=ACCESS_TOKEN_TTL)
    return assemble(api_routes=api_routes(dataset), oauth_routes=token_routes(oauth, OAUTH), dataset=dataset,
                    oauth=oauth, remote_id=remote_id, render=render, errors=SELL_ERRORS,
                    window=HeaderWindow(3600, hourly_limit, RATE_HEADERS), is_api_path=is_api_path,
                    per_second=per_second, clock=clock)
