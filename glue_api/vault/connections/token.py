"""The Vault's token operation (``POST /vault/connections/{unified_api}/{service_id}/token``): for a connector
that authorizes with OAuth's client_credentials grant (Marketo), Glue asks the connection's instance for a fresh
access token with the client id and secret stored in its settings, keeps it sealed, and answers the connection.
Other connectors authorize in the browser or with keys: the operation is not theirs (422).

A refusal or an unreachable provider changes nothing stored (the request is rolled back, the call's log line
with it: the Vault's own log of the request keeps the answer). Neither the secret nor the token is ever answered
or put in a message.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import httpx
from sqlalchemy.orm import Session

from glue_api.config import Settings
from glue_api.connections.states import CALLABLE
from glue_api.crypto import KeyRing
from glue_api.errors import RemoteProviderError, Unprocessable
from glue_api.logs.service import log_provider_call
from glue_api.models import Connection, Customer
from glue_api.tokens.client import json_or_empty
from glue_api.tokens.endpoints import api_base_url, provider_http
from glue_api.vault.connections.repository import get_consumer_connection
from glue_api.vault.connections.settings import open_credentials
from glue_api.vault.events import record_connection_event
from glue_providers.egress import EgressRefused
from glue_providers.spec import AuthType, ProviderSpec

TIMEOUT_SECONDS = 15


def exchange_token(
    session: Session, settings: Settings, keyring: KeyRing, application_id: str, consumer_id: str,
    unified_api: str, service_id: str, *, http: httpx.Client | None = None,
) -> tuple[ProviderSpec, Customer, Connection]:
    info, customer, connection = get_consumer_connection(session, application_id, consumer_id, unified_api, service_id)
    if info.auth_type != AuthType.CLIENT_CREDENTIALS or not info.client_credentials_token_path:
        how = f"the {info.oauth_grant_type} grant" if info.oauth_grant_type else f"{info.vault_auth_type} credentials"
        raise Unprocessable(
            f"{info.title} authorizes with {how}; exchanging stored credentials for a token is only for connectors "
            "with the client_credentials grant.", title="Not a client-credentials connector")
    credentials = open_credentials(keyring, connection)
    # The connector's required settings (Marketo's client id, secret and Munchkin account ID), all sealed.
    missing = [f.id for f in info.form_fields if f.required and f.sensitive and not credentials.get(f.id)]
    if missing:
        raise Unprocessable(f"The connection has no {', '.join(missing)} yet: set them in its settings first.",
                            title="Connection not configured")
    token = _request_token(session, settings, info, connection, credentials, http)
    now = datetime.now(timezone.utc)
    expires_in = token.get("expires_in")
    expires_at = now + timedelta(seconds=expires_in) if isinstance(expires_in, int) and expires_in > 0 else None
    # Kept as the credentials' own "type", so nothing treats them as a refreshable OAuth grant.
    connection.credentials = keyring.seal_json(credentials | {
        "access_token": token["access_token"], "expires_at": expires_at.isoformat() if expires_at else None})
    if connection.state != CALLABLE:
        connection.state = CALLABLE
        record_connection_event(session, connection, customer, "vault.connection.callable")
    session.flush()
    return info, customer, connection


def _request_token(session: Session, settings: Settings, info: ProviderSpec, connection: Connection,
                   credentials: dict, http: httpx.Client | None) -> dict:
    params = {"grant_type": "client_credentials", "client_id": credentials["client_id"],
              "client_secret": credentials["client_secret"]}
    started = time.monotonic()
    url = ""
    try:
        url = api_base_url(settings, info.name, connection.instance_url, credentials) + \
            info.client_credentials_token_path
        if http is not None:
            response = http.get(url, params=params, headers={"Accept": "application/json"})
        else:
            with provider_http(settings, info.name, timeout=TIMEOUT_SECONDS) as own:
                response = own.get(url, params=params, headers={"Accept": "application/json"})
    except EgressRefused as exc:
        raise Unprocessable(f"{info.title}'s instance is not reachable from Glue: {exc}",
                            title="Address not allowed") from None
    except httpx.HTTPError as exc:
        raise RemoteProviderError(f"Could not reach {info.title} ({type(exc).__name__}).") from None
    body = json_or_empty(response)
    if response.status_code == 200 and isinstance(body.get("access_token"), str) and body["access_token"]:
        _log(session, connection, url, 200, started, None)
        return body
    reason = str(body.get("error_description") or body.get("error") or f"HTTP {response.status_code}")[:200]
    if response.status_code in (400, 401, 403):
        raise Unprocessable(f"{info.title} refused the client ID and secret: {reason}. Nothing was changed.",
                            title="Credentials rejected")
    raise RemoteProviderError(f"{info.title} could not issue a token right now ({reason}).")


def _log(session: Session, connection: Connection, url: str, status_code: int, started: float,
         error: str | None) -> None:
    """The call to the provider on the consumer's behalf, in the request log (the token is never in a URL)."""
    log_provider_call(session, connection, operation_id="clientCredentialsToken", operation_name="Request access token",
                      method="GET", url=url, status_code=status_code,
                      duration_ms=(time.monotonic() - started) * 1000, error_message=error)
