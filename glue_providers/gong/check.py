"""Checks a Gong access key: Gong's API takes the key and its secret as HTTP Basic credentials,
and listing users (https://gong.app.gong.io/settings/api/documentation#get-/v2/users) is a cheap read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from glue_providers.checks import CredentialsRejected, required_field


def check_access_key(base_url: str, credentials: dict, get: Callable[..., Any]) -> None:
    access_key = required_field(credentials, "access_key", "Gong needs an access key.")
    secret = required_field(credentials, "access_key_secret", "Gong needs an access key secret.")
    response = get(f"{base_url}/v2/users", auth=(access_key, secret), headers={"Accept": "application/json"})
    if response.status_code in (401, 403):
        raise CredentialsRejected("Gong did not accept this access key and secret.")
