"""Checks a Marketo client id and secret by asking the instance's identity endpoint for a token
(``GET /identity/oauth/token?grant_type=client_credentials``: 401 for a refused client; calls to it do not
count against the API quota)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from glue_providers.checks import CredentialsRejected, json_object, required_field
from glue_providers.marketo.instance import instance_url


def check_client_credentials(base_url: str, credentials: dict, get: Callable[..., Any]) -> None:
    """``base_url``: the instance the Munchkin account ID names (or the operator's stand-in for Marketo)."""
    client_id = required_field(credentials, "client_id", "Marketo needs a client ID.")
    secret = required_field(credentials, "client_secret", "Marketo needs a client secret.")
    munchkin_id = required_field(credentials, "munchkin_id", "Marketo needs the instance's Munchkin account ID.")
    try:
        instance_url(munchkin_id)
    except ValueError as exc:
        raise CredentialsRejected(f"Marketo's Munchkin account ID: {exc}.") from None
    response = get(f"{base_url}/identity/oauth/token", accept=(400,),
                   params={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret})
    if response.status_code in (400, 401, 403) or not json_object(response).get("access_token"):
        raise CredentialsRejected("Marketo did not accept this client ID and secret.")
