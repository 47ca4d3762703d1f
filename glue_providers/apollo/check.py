"""Checks an Apollo API key: https://docs.apollo.io/reference/authentication (auth/health, key in ``x-api-key``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from glue_providers.checks import CredentialsRejected, ProviderUnreachable, fits_in_header, json_object, required_field


def check_api_key(base_url: str, credentials: dict, get: Callable[..., Any]) -> None:
    refused = CredentialsRejected("Apollo did not accept this API key.")
    api_key = required_field(credentials, "api_key", "Apollo needs an API key.")
    if not fits_in_header(api_key):
        raise refused  # an HTTP client would refuse to send it, quoting the value in its error
    response = get(f"{base_url}/api/v1/auth/health", headers={"x-api-key": api_key, "Accept": "application/json"})
    if response.status_code in (401, 403):
        raise refused
    logged_in = json_object(response).get("is_logged_in")
    if logged_in is False:  # older Apollo answers 200 to a bad key and says so in the body
        raise refused
    if logged_in is not True:
        raise ProviderUnreachable("Apollo answered, but not whether the API key is valid.")
