"""Checks a Clearbit secret key (https://dashboard.clearbit.com/docs#authentication) with one Person API lookup
of an address no one has: Clearbit answers 404 to a good key (an unmatched lookup is not billed) and 401 to a
bad one, so the check tells the key apart without spending a lookup."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from glue_providers.checks import CredentialsRejected, fits_in_header, required_field

UNMATCHED_EMAIL = "glue-key-check@example.com"  # example.com is reserved: no one works there


def check_api_key(base_url: str, credentials: dict, get: Callable[..., Any]) -> None:
    refused = CredentialsRejected("Clearbit did not accept this API key.")
    api_key = required_field(credentials, "api_key", "Clearbit needs an API key.")
    if not fits_in_header(api_key):
        raise refused  # an HTTP client would refuse to send it, quoting the value in its error
    response = get(f"{base_url}/v2/people/find", params={"email": UNMATCHED_EMAIL},
                   headers={"Authorization": f"Bearer {api_key}", "Accept": "application/json"}, accept=(404,))
    if response.status_code in (401, 403):
        raise refused
