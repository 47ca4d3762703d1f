"""One call that returns a connection's credentials with a valid access token.

Tokens are refreshed when they expire within 15 minutes. At most one process
refreshes a connection at a time: the refresher first writes to the connection's
row (a row lock on PostgreSQL, the database write lock on SQLite), then re-reads
it, so a process that waited finds the token its peer just stored.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import httpx
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from glue_api.config import Settings
from glue_api.crypto import KeyRing
from glue_api.db import transaction
from glue_api.errors import GlueError, NotFound
from glue_api.models import Connection, ProviderConfig
from glue_api.tokens.endpoints import oauth_base_url, oauth_endpoints

REFRESH_AHEAD = timedelta(minutes=15)
ASSUMED_LIFETIME = timedelta(hours=1)  # for providers whose token response has no expires_in (Salesforce)
STATE_CALLABLE = "callable"
STATE_INVALID = "invalid"


class TokenRefreshFailed(GlueError):
    status_code = 502
    code = "REMOTE_PROVIDER_ERROR"
    title = "Token refresh failed"


class ConnectionInvalid(TokenRefreshFailed):
    """The provider refused the refresh token for good (invalid_grant)."""

    title = "Connection is no longer authorized"


def needs_refresh(credentials: dict, now: datetime) -> bool:
    if credentials.get("type") != "oauth2":
        return False
    expires_at = credentials.get("expires_at")
    if not credentials.get("access_token") or not expires_at:
        return True
    return datetime.fromisoformat(expires_at) - now <= REFRESH_AHEAD


def fresh_credentials(
    session_factory: sessionmaker[Session], keyring: KeyRing, settings: Settings, connection_id: str,
    *, http: httpx.Client | None = None, now: datetime | None = None,
) -> dict:
    now = now or datetime.now(timezone.utc)
    with transaction(session_factory) as session:
        credentials = _open(session, keyring, connection_id)
    if not needs_refresh(credentials, now):
        return credentials

    invalid: ConnectionInvalid | None = None
    with transaction(session_factory) as session:
        session.execute(update(Connection).where(Connection.id == connection_id).values(updated_at=now))
        credentials = _open(session, keyring, connection_id)  # what a peer may have stored meanwhile
        if not needs_refresh(credentials, now):
            return credentials
        connection = session.get(Connection, connection_id)
        provider = session.get(ProviderConfig, connection.provider_id)
        try:
            token = _request_refresh(settings, keyring, connection, provider, credentials, http)
        except ConnectionInvalid as exc:
            connection.state = STATE_INVALID
            invalid = exc
        else:
            credentials = credentials | {
                "access_token": token["access_token"],
                "refresh_token": token.get("refresh_token") or credentials["refresh_token"],
                "expires_at": (now + _lifetime(token)).isoformat(),
            }
            if token.get("instance_url"):
                credentials["instance_url"] = token["instance_url"]
            connection.credentials = keyring.seal_json(credentials)
            connection.state = STATE_CALLABLE
    if invalid is not None:
        raise invalid  # after the commit, so the connection stays marked invalid
    return credentials


def _open(session: Session, keyring: KeyRing, connection_id: str) -> dict:
    connection = session.get(Connection, connection_id, populate_existing=True)
    if connection is None:
        raise NotFound(f"Connection {connection_id} was not found.")
    return keyring.open_json(connection.credentials) if connection.credentials else {}


def _lifetime(token: dict) -> timedelta:
    expires_in = token.get("expires_in")
    return timedelta(seconds=int(expires_in)) if expires_in else ASSUMED_LIFETIME


def _request_refresh(
    settings: Settings, keyring: KeyRing, connection: Connection, provider: ProviderConfig, credentials: dict,
    http: httpx.Client | None,
) -> dict:
    endpoints = oauth_endpoints(connection.provider_name)
    if provider.oauth_client_id is None or provider.oauth_client_secret is None:
        raise TokenRefreshFailed(f"Provider {provider.name} has no OAuth client credentials configured.")
    client_secret = keyring.open(provider.oauth_client_secret).decode()
    form = {"grant_type": "refresh_token", "refresh_token": credentials["refresh_token"]}
    auth = None
    if endpoints.client_auth == "basic":
        auth = (provider.oauth_client_id, client_secret)
    else:
        form |= {"client_id": provider.oauth_client_id, "client_secret": client_secret}
    base = oauth_base_url(settings, connection.provider_name, (connection.settings or {}).get("login_url"))
    client = http or httpx.Client(timeout=30)
    try:
        response = client.post(base + endpoints.token_path, data=form, auth=auth)
    except httpx.HTTPError as exc:
        raise TokenRefreshFailed(f"Could not reach {provider.name} to refresh the token ({type(exc).__name__}).") from None
    finally:
        if http is None:
            client.close()
    body = _json(response)
    if response.status_code == 200 and body.get("access_token"):
        return body
    error = str(body.get("error") or body.get("status") or "")
    reason = str(body.get("error_description") or body.get("message") or error or response.status_code)[:200]
    # RFC 6749 says invalid_grant; HubSpot says BAD_REFRESH_TOKEN; Pipedrive words it in the message.
    refused = {"invalid_grant", "BAD_REFRESH_TOKEN"}
    if error in refused or "invalid grant" in reason.lower() or "invalid_grant" in reason.lower():
        raise ConnectionInvalid(f"{provider.name} refused the refresh token: {reason}")
    raise TokenRefreshFailed(f"{provider.name} answered {response.status_code} to the token refresh: {reason}")


def _json(response: httpx.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
