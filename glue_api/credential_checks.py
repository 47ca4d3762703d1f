"""Asks a provider whether the API key a customer typed in works, before Glue stores it.

Each check makes one cheap authenticated read. Only a clear refusal (401/403, or
Apollo's ``is_logged_in: false``) rejects the credentials; anything else that is not a
success means Glue could not tell, so the caller can let the customer retry.
Exception messages are shown to customers and logged: they name the provider and
the HTTP status, never a credential.

These checks are not written to the request log: ``log_provider_call`` records calls made
for a stored connection, and here there is none yet.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx

from glue_api.catalog import PROVIDERS
from glue_api.config import Settings
from glue_api.tokens.endpoints import api_base_url, provider_http

log = logging.getLogger("glue.credential_checks")

TIMEOUT_SECONDS = 10


class CredentialsRejected(Exception):
    """The provider says the credentials are wrong. The message is safe to show the customer."""


class ProviderUnreachable(Exception):
    """No answer, or one that does not tell (5xx, 429, unexpected status): the credentials may be fine."""


def check_credentials(
    settings: Settings, provider_name: str, credentials: dict, *, http: httpx.Client | None = None
) -> bool:
    """True when the provider confirmed the credentials; False when Glue has no way to check this
    provider (nothing was sent). Raises CredentialsRejected / ProviderUnreachable."""
    check = _CHECKS.get(provider_name)
    if check is None:
        return False
    check(api_base_url(settings, provider_name), credentials, _Caller(settings, provider_name, http))
    log.info("%s accepted the credentials", provider_name)
    return True


class _Caller:
    """One GET to the provider, with transport failures and can't-tell answers turned into ProviderUnreachable."""

    def __init__(self, settings: Settings, provider_name: str, http: httpx.Client | None):
        self.settings = settings
        self.provider_name = provider_name
        self.display_name = PROVIDERS[provider_name].display_name or provider_name
        self.http = http

    def get(self, url: str, **kwargs) -> httpx.Response:
        try:
            response = self._send(url, **kwargs)
        except httpx.HTTPError as exc:
            # The exception's text can hold the URL; its type is enough and holds nothing secret.
            log.warning("checking %s credentials failed: %s", self.provider_name, type(exc).__name__)
            raise ProviderUnreachable(f"Could not reach {self.display_name} ({type(exc).__name__}).") from None
        status = response.status_code
        log.info("checking %s credentials: HTTP %s", self.provider_name, status)
        if status in (401, 403) or 200 <= status < 300:
            return response
        raise ProviderUnreachable(f"{self.display_name} could not check the credentials right now (HTTP {status}).")

    def _send(self, url: str, **kwargs) -> httpx.Response:
        if self.http is not None:
            return self.http.get(url, **kwargs)
        with provider_http(self.settings, self.provider_name, timeout=TIMEOUT_SECONDS) as own:
            return own.get(url, **kwargs)


def _check_apollo(base_url: str, credentials: dict, caller: _Caller) -> None:
    """https://docs.apollo.io/reference/authentication: the auth/health call with the key in ``x-api-key``."""
    refused = CredentialsRejected("Apollo did not accept this API key.")
    api_key = _field(credentials, "api_key", "Apollo needs an API key.")
    if not _fits_in_header(api_key):
        raise refused  # httpx would refuse to send it, quoting the value in its error
    headers = {"x-api-key": api_key, "Accept": "application/json"}
    response = caller.get(f"{base_url}/api/v1/auth/health", headers=headers)
    if response.status_code in (401, 403):
        raise refused
    logged_in = _json(response).get("is_logged_in")
    if logged_in is False:  # older Apollo answers 200 to a bad key and says so in the body
        raise refused
    if logged_in is not True:
        raise ProviderUnreachable("Apollo answered, but not whether the API key is valid.")


def _check_gong(base_url: str, credentials: dict, caller: _Caller) -> None:
    """Gong's API takes the access key and its secret as HTTP Basic credentials; listing users is a cheap read."""
    access_key = _field(credentials, "access_key", "Gong needs an access key.")
    secret = _field(credentials, "access_key_secret", "Gong needs an access key secret.")
    response = caller.get(f"{base_url}/v2/users", auth=(access_key, secret), headers={"Accept": "application/json"})
    if response.status_code in (401, 403):
        raise CredentialsRejected("Gong did not accept this access key and secret.")


_CHECKS: dict[str, Callable[[str, dict, _Caller], None]] = {"apollo": _check_apollo, "gong": _check_gong}


def _field(credentials: dict, name: str, missing: str) -> str:
    value = credentials.get(name)
    if not isinstance(value, str) or not value:
        raise CredentialsRejected(missing)
    return value


def _fits_in_header(value: str) -> bool:
    return value.isascii() and value.isprintable() and value == value.strip()


def _json(response: httpx.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
