"""Glue as an OAuth client: requests to a provider's token and revocation endpoints.

The application's OAuth client (its id and sealed secret) comes from its provider config;
how the client authenticates (form body or HTTP Basic) and which error codes mean a dead grant
come from the provider's spec.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote

import httpx

from glue_api.config import Settings
from glue_api.crypto import KeyRing
from glue_api.models import ProviderConfig
from glue_api.tokens.endpoints import oauth_base_url, oauth_endpoints, provider_http, tenant_url, token_url
from glue_providers.egress import EgressRefused

log = logging.getLogger("glue.tokens")

TIMEOUT_SECONDS = 30
TOKEN_URL_KEYS = ("instance_url", "api_domain", "api_base_url_for_customer")


@dataclass(frozen=True)
class OAuthClient:
    client_id: str
    client_secret: str

    def __repr__(self) -> str:  # the secret never reaches a log line
        return f"OAuthClient(client_id={self.client_id!r}, client_secret=***)"


class TokenRequestFailed(Exception):
    """The token endpoint was unreachable or said no; ``refused`` when the grant itself is dead."""

    def __init__(self, message: str, *, refused: bool = False):
        super().__init__(message)
        self.refused = refused


def oauth_client_of(keyring: KeyRing, provider: ProviderConfig) -> OAuthClient | None:
    if not provider.oauth_client_id or provider.oauth_client_secret is None:
        return None
    return OAuthClient(provider.oauth_client_id, keyring.open(provider.oauth_client_secret).decode())


@contextmanager
def _client(settings: Settings, provider_name: str, http: httpx.Client | None) -> Iterator[httpx.Client]:
    if http is not None:
        yield http
        return
    with provider_http(settings, provider_name, timeout=TIMEOUT_SECONDS) as own:
        yield own


def request_token(
    settings: Settings, provider_name: str, client: OAuthClient, form: dict[str, str], *,
    login_url: str | None = None, http: httpx.Client | None = None,
) -> dict:
    """POSTs a grant to the token endpoint and returns the provider's token answer."""
    form = dict(form)
    auth = None
    if oauth_endpoints(provider_name).client_auth == "basic":
        auth = (client.client_id, client.client_secret)
    else:
        form |= {"client_id": client.client_id, "client_secret": client.client_secret}
    with _client(settings, provider_name, http) as session:
        try:
            in_query = oauth_endpoints(provider_name).grant_in_query
            response = session.post(token_url(settings, provider_name, login_url), auth=auth,
                                    data=None if in_query else form, params=form if in_query else None,
                                    headers={"Accept": "application/json"})
        except httpx.HTTPError as exc:
            raise TokenRequestFailed(f"Could not reach {provider_name}'s token endpoint ({type(exc).__name__}).") from None
        except EgressRefused as exc:
            raise TokenRequestFailed(f"{provider_name}'s token endpoint is not reachable: {exc}") from None
    body = json_or_empty(response)
    if response.status_code == 200 and body.get("access_token"):
        _check_token_urls(settings, provider_name, body)
        return body
    error = str(body.get("error") or body.get("status") or "")
    reason = str(body.get("error_description") or body.get("message") or error or response.status_code)[:200]
    # The spec's codes (RFC 6749's invalid_grant, HubSpot's own); Pipedrive also words it in the message.
    refused = (error in oauth_endpoints(provider_name).refused_grant_codes
               or "invalid grant" in reason.lower() or "invalid_grant" in reason.lower())
    raise TokenRequestFailed(f"{provider_name} answered {response.status_code}: {reason}", refused=refused)


def revoke_token(
    settings: Settings, provider_name: str, client: OAuthClient | None, token: str, *, token_type_hint: str,
    login_url: str | None = None, http: httpx.Client | None = None,
) -> bool:
    """Asks the provider to revoke a token; True when it confirmed. Failures are logged, not raised:
    the caller forgets the token either way."""
    endpoints = oauth_endpoints(provider_name)
    if not endpoints.revoke_path:
        return False
    try:
        base = oauth_base_url(settings, provider_name, login_url)
    except EgressRefused:
        log.warning("revoking a %s token skipped: its login URL is not allowed", provider_name)
        return False
    auth = (client.client_id, client.client_secret) if client and endpoints.client_auth == "basic" else None
    with _client(settings, provider_name, http) as session:
        try:
            if endpoints.revoke_method == "DELETE":
                response = session.delete(base + endpoints.revoke_path.format(token=quote(token, safe="")))
            elif "{token}" in endpoints.revoke_path:  # the token in the URL (Zoho's ?token=), nothing in the body
                response = session.post(base + endpoints.revoke_path.format(token=quote(token, safe="")), auth=auth)
            else:
                response = session.post(base + endpoints.revoke_path,
                                        data={"token": token, "token_type_hint": token_type_hint}, auth=auth)
        except (httpx.HTTPError, EgressRefused) as exc:
            log.warning("revoking a %s token failed: %s", provider_name, type(exc).__name__)
            return False
    if response.status_code >= 400:
        log.warning("revoking a %s token failed: HTTP %s", provider_name, response.status_code)
        return False
    return True


def _check_token_urls(settings: Settings, provider_name: str, token: dict) -> None:
    """Where the answer says the account's API lives (Salesforce's instance_url, Pipedrive's api_domain, Gong's
    api_base_url_for_customer) must be on the provider's own domains: Glue will send the account's tokens there."""
    for key in TOKEN_URL_KEYS:
        url = token.get(key)
        if url is None:
            continue
        try:
            tenant_url(settings, provider_name, str(url))
        except EgressRefused as exc:
            raise TokenRequestFailed(f"{provider_name} answered with an {key} Glue does not call: {exc}") from None


def json_or_empty(response: httpx.Response) -> dict:
    """A token endpoint's JSON object answer, or {} for anything else (its status then says what happened)."""
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
