"""An emulator of Capsule's API v2 and its OAuth server, following Capsule's public reference
(https://developer.capsulecrm.com/v2/: Authentication, Pagination, Rate limiting, Parties,
Opportunities, Users, Milestones, Custom Fields).

In reality both live on ``https://api.capsulecrm.com``: OAuth under ``/oauth`` (the consent page at
``/oauth/authorise``; the token endpoint takes the client's id and secret in the form), the API under
``/api/v2`` (api.py). Capsule allows 4,000 requests an hour per account; every answer reports the
hour in ``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and ``X-RateLimit-Reset`` (the UTC epoch
second the hour ends), and a spent hour answers 429 with ``Retry-After``.

    emulator = create_emulator({"parties": 200, "opportunities": 50})
    tokens = emulator.oauth.mint()  # or the consent page at /oauth/authorise
"""

from __future__ import annotations

import time
from collections.abc import Callable

from glue_emulators.bearer_api import BearerApiEmulator, HeaderWindow, assemble
from glue_emulators.capsule.api import CAPSULE_ERRORS, api_routes, is_api_path
from glue_emulators.capsule.render import remote_id, render
from glue_emulators.dataset import Dataset
from glue_emulators.oauth import OAuthServer
from glue_emulators.token_routes import TokenEndpoints, token_routes

DEFAULT_COUNTS = {"parties": 250, "opportunities": 80, "users": 5}
ACCESS_TOKEN_TTL = 604_799  # a week, as Capsule's token answers say
HOURLY_LIMIT = 4_000
RATE_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
OAUTH = TokenEndpoints("Capsule", "/oauth/authorise", "/oauth/token", client_auth="body")


def create_emulator(counts: dict[str, int] | None = None, *, hourly_limit: int = HOURLY_LIMIT,
                    clock: Callable[[], float] = time.monotonic) -> BearerApiEmulator:
    """``counts``: records per object (parties, opportunities, users); ``clock`` times the hourly window."""
    dataset = Dataset({**DEFAULT_COUNTS, **(counts or {})})
    oauth = OAuthServer(access_token_ttl=ACCESS_TOKEN_TTL)
    return assemble(api_routes=api_routes(dataset), oauth_routes=token_routes(oauth, OAUTH), dataset=dataset,
                    oauth=oauth, remote_id=remote_id, render=render, errors=CAPSULE_ERRORS,
                    window=HeaderWindow(3600, hourly_limit, RATE_HEADERS, reset_style="epoch"),
                    is_api_path=is_api_path, clock=clock)
