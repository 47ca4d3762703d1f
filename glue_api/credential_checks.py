"""Asks a provider whether the API key a customer typed in works, before Glue stores it.

Each provider's check (its spec's ``credential_check``) makes one cheap authenticated read.
Only a clear refusal (401/403, or Apollo's ``is_logged_in: false``) rejects the credentials; anything else that is not a
success means Glue could not tell, so the caller can let the customer retry.
Exception messages are shown to customers and logged: they name the provider and
the HTTP status, never a credential.

These checks are not written to the request log: ``log_provider_call`` records calls made
for a stored connection, and here there is none yet.
"""

from __future__ import annotations

import logging

import httpx

from glue_api.config import Settings
from glue_api.tokens.endpoints import api_base_url, provider_http
from glue_providers import registry
from glue_providers.checks import CredentialsRejected, ProviderUnreachable
from glue_providers.egress import EgressRefused

__all__ = ["CredentialsRejected", "ProviderUnreachable", "check_credentials"]

log = logging.getLogger("glue.credential_checks")

TIMEOUT_SECONDS = 10


def check_credentials(
    settings: Settings, provider_name: str, credentials: dict, *, http: httpx.Client | None = None
) -> bool:
    """True when the provider confirmed the credentials; False when Glue has no way to check this
    provider (nothing was sent). Raises CredentialsRejected / ProviderUnreachable."""
    check = registry.get(provider_name).credential_check
    if check is None:
        return False
    try:  # the credentials may name the account's own host (Marketo's Munchkin account ID)
        base_url = api_base_url(settings, provider_name, credentials=credentials)
    except EgressRefused as exc:
        raise CredentialsRejected(f"Glue cannot reach {registry.get(provider_name).title} there: {exc}") from None
    check(base_url, credentials, _Caller(settings, provider_name, http).get)
    log.info("%s accepted the credentials", provider_name)
    return True


class _Caller:
    """One GET to the provider, with transport failures and can't-tell answers turned into ProviderUnreachable."""

    def __init__(self, settings: Settings, provider_name: str, http: httpx.Client | None):
        self.settings = settings
        self.provider_name = provider_name
        self.display_name = registry.get(provider_name).display_name or provider_name
        self.http = http

    def get(self, url: str, *, accept: tuple[int, ...] = (), **kwargs) -> httpx.Response:
        """``accept``: more statuses that tell, e.g. Clearbit's 404 to a good key looking up no one."""
        try:
            response = self._send(url, **kwargs)
        except httpx.HTTPError as exc:
            # The exception's text can hold the URL; its type is enough and holds nothing secret.
            log.warning("checking %s credentials failed: %s", self.provider_name, type(exc).__name__)
            raise ProviderUnreachable(f"Could not reach {self.display_name} ({type(exc).__name__}).") from None
        status = response.status_code
        log.info("checking %s credentials: HTTP %s", self.provider_name, status)
        if status in (401, 403) or 200 <= status < 300 or status in accept:
            return response
        raise ProviderUnreachable(f"{self.display_name} could not check the credentials right now (HTTP {status}).")

    def _send(self, url: str, **kwargs) -> httpx.Response:
        if self.http is not None:
            return self.http.get(url, **kwargs)
        with provider_http(self.settings, self.provider_name, timeout=TIMEOUT_SECONDS) as own:
            return own.get(url, **kwargs)
