"""Checks a 6sense API token (https://api.6sense.com/docs: ``Authorization: Token <key>``) with one
Company Identification call, which answers 401 to a token 6sense does not know."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from glue_providers.checks import CredentialsRejected, fits_in_header, required_field


def check_api_key(base_url: str, credentials: dict, get: Callable[..., Any]) -> None:
    refused = CredentialsRejected("6sense did not accept this API token.")
    api_key = required_field(credentials, "api_key", "6sense needs an API token.")
    if not fits_in_header(api_key):
        raise refused  # an HTTP client would refuse to send it, quoting the value in its error
    response = get(f"{base_url}/v3/company/details", headers={"Authorization": f"Token {api_key}",
                                                              "Accept": "application/json"})
    if response.status_code in (401, 403):
        raise refused
