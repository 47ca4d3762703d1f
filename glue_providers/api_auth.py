"""How a request to a provider's API carries a connection's credentials, from its spec's auth type:
an OAuth access token or an API key as a bearer token (or in the provider's own key header), an access key
and its secret as HTTP Basic."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from glue_providers.spec import AuthType, ProviderSpec


class MissingCredentials(Exception):
    """The connection holds nothing to authenticate with (the message names no secret)."""


def auth_headers(spec: ProviderSpec, credentials: Mapping[str, Any],
                 settings: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The credentials' header, and those the spec fills from the connection's ``settings``."""
    return _credential_headers(spec, credentials) | setting_headers(spec, settings or {})


def setting_headers(spec: ProviderSpec, settings: Mapping[str, Any]) -> dict[str, str]:
    return {header: _field(settings, field_id) for header, field_id in spec.setting_headers}


def _credential_headers(spec: ProviderSpec, credentials: Mapping[str, Any]) -> dict[str, str]:
    spec = spec.connected_by(credentials.get("type"))  # a Gong connection made by OAuth carries a token
    if spec.auth_type == AuthType.ACCESS_KEY_SECRET:
        key, secret = _field(credentials, "access_key"), _field(credentials, "access_key_secret")
        return {"authorization": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()}
    if spec.auth_type == AuthType.API_KEY:
        key = _field(credentials, "api_key")
        return {spec.api_key_header: key} if spec.api_key_header else {"authorization": f"Bearer {key}"}
    return {"authorization": f"{spec.access_token_scheme} {_field(credentials, 'access_token')}"}


def _field(credentials: Mapping[str, Any], name: str) -> str:
    value = credentials.get(name)
    if not isinstance(value, str) or not value:
        raise MissingCredentials(f"the connection has no {name.replace('_', ' ')}")
    if not (value.isascii() and value.isprintable()):
        raise MissingCredentials(f"the connection's {name.replace('_', ' ')} cannot be sent in a header")
    return value
