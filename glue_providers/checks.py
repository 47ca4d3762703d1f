"""What a provider's credential check may conclude, and small helpers the checks share.

A check makes one cheap authenticated read through the ``get`` it is handed (the caller
owns the HTTP client, its timeouts and its logging). Only a clear refusal rejects the
credentials; an answer that does not tell raises ProviderUnreachable so the customer can
retry. Messages are shown to customers and logged: they never carry a credential.
"""

from __future__ import annotations

from typing import Any


class CredentialsRejected(Exception):
    """The provider says the credentials are wrong. The message is safe to show the customer."""


class ProviderUnreachable(Exception):
    """No answer, or one that does not tell (5xx, 429, unexpected status): the credentials may be fine."""


def required_field(credentials: dict, name: str, missing: str) -> str:
    value = credentials.get(name)
    if not isinstance(value, str) or not value:
        raise CredentialsRejected(missing)
    return value


def fits_in_header(value: str) -> bool:
    return value.isascii() and value.isprintable() and value == value.strip()


def json_object(response: Any) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
