"""One call that returns a connection's credentials with a valid access token.

Tokens are refreshed when they expire within 15 minutes. At most one process
refreshes a connection at a time: the refresher first writes to the connection's
row (a row lock on PostgreSQL, the database write lock on SQLite), then re-reads
it, so a process that waited finds the token its peer just stored.

A refresh the provider refuses for good (invalid_grant) marks the connection
invalid and emits ``vault.connection.token_refresh.failed`` once. Any other failure
backs off exponentially; the failure count and the next attempt time are kept with
the sealed credentials, so every process sees them, and they hold only for the refresh
token that failed, so new tokens (a re-authorization, an import) are tried at once.
"""

from __future__ import annotations

import hashlib
import time
from datetime import datetime, timedelta, timezone

import httpx
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from glue_api.config import Settings
from glue_api.connections.states import CALLABLE as STATE_CALLABLE
from glue_api.connections.states import INVALID as STATE_INVALID
from glue_api.crypto import KeyRing
from glue_api.db import transaction
from glue_api.errors import GlueError, NotFound
from glue_api.models import Connection, Customer, ProviderConfig
from glue_api.logs.service import log_provider_call
from glue_api.tokens.client import TOKEN_URL_KEYS, TokenRequestFailed, oauth_client_of, request_token
from glue_api.tokens.endpoints import has_oauth, oauth_endpoints, token_url
from glue_api.vault.events import record_connection_event
from glue_providers.egress import EgressRefused

REFRESH_AHEAD = timedelta(minutes=15)
ASSUMED_LIFETIME = timedelta(hours=1)  # for providers whose token response has no expires_in (Salesforce)
STILL_USABLE = timedelta(minutes=1)  # a token this close to expiry is not worth handing out
FIRST_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(minutes=30)
# Inside the sealed credentials: {"failures": n, "next_attempt_at": iso, "refresh_token": fingerprint}. It holds
# only for the refresh token it names, so tokens stored anew (callback, import) are tried at once.
BACKOFF_KEY = "refresh_backoff"


class TokenRefreshFailed(GlueError):
    status_code = 502
    code = "REMOTE_PROVIDER_ERROR"
    title = "Token refresh failed"


class ConnectionInvalid(TokenRefreshFailed):
    """The provider refused the refresh token for good (invalid_grant): the consumer must authorize again."""

    title = "Connection is no longer authorized"


class RefreshNotConfigured(TokenRefreshFailed):
    """Glue cannot refresh this connection's token at all: the application gave no OAuth client for the provider,
    or Glue knows no OAuth endpoints for it. Nothing was sent to the provider."""

    status_code = 422
    code = "UNPROCESSABLE_ENTITY"
    title = "Token refresh is not possible"


class ConnectionNotAuthorized(GlueError):
    """An OAuth connection that holds no token yet: the consumer has to authorize it first."""

    status_code = 422
    code = "CONNECTION_NOT_AUTHORIZED"
    title = "Connection is not authorized"


class TokenRefreshBackingOff(TokenRefreshFailed):
    """Earlier refreshes failed; the next attempt waits until ``retry_at``."""

    title = "Token refresh is backing off"

    def __init__(self, detail: str, retry_at: datetime):
        super().__init__(detail)
        self.retry_at = retry_at


def needs_refresh(credentials: dict, now: datetime) -> bool:
    if credentials.get("type") != "oauth2":
        return False
    expires_at = credentials.get("expires_at")
    if not credentials.get("access_token"):
        return True
    if not expires_at:  # a token without an expiry lasts until refused, unless a refresh token says otherwise
        return bool(credentials.get("refresh_token"))
    return datetime.fromisoformat(expires_at) - now <= REFRESH_AHEAD


def still_usable(credentials: dict, now: datetime) -> bool:
    expires_at = credentials.get("expires_at")
    return bool(credentials.get("access_token") and expires_at
                and datetime.fromisoformat(expires_at) - now > STILL_USABLE)


def public_credentials(credentials: dict) -> dict:
    """What callers get: the credentials without Glue's own bookkeeping."""
    return {key: value for key, value in credentials.items() if key != BACKOFF_KEY}


def backoff_delay(failures: int) -> timedelta:
    return min(FIRST_BACKOFF * 2 ** (failures - 1), MAX_BACKOFF)


def _fingerprint(refresh_token: str | None) -> str:
    return hashlib.sha256((refresh_token or "").encode()).hexdigest()[:16]


def _current_backoff(credentials: dict) -> dict | None:
    backoff = credentials.get(BACKOFF_KEY)
    if backoff and backoff.get("refresh_token") == _fingerprint(credentials.get("refresh_token")):
        return backoff
    return None


def fresh_credentials(
    session_factory: sessionmaker[Session], keyring: KeyRing, settings: Settings, connection_id: str,
    *, http: httpx.Client | None = None, now: datetime | None = None, rejected_access_token: str | None = None,
) -> dict:
    """Credentials with a usable access token, refreshed first when it is (nearly) expired or when the provider
    just refused it (``rejected_access_token``: sessions can end before their expiry, e.g. Salesforce's)."""
    now = now or datetime.now(timezone.utc)
    with transaction(session_factory) as session:
        connection, credentials = _load(session, keyring, connection_id)
        if not _must_refresh(connection, _forget_rejected(credentials, rejected_access_token), now):
            return public_credentials(credentials)

    failure: TokenRefreshFailed | None = None
    with transaction(session_factory) as session:
        _lock(session, connection_id)
        connection, credentials = _load(session, keyring, connection_id)  # what a peer may have stored meanwhile
        credentials = _forget_rejected(credentials, rejected_access_token)
        if not _must_refresh(connection, credentials, now):
            return public_credentials(credentials)
        provider = session.get(ProviderConfig, connection.provider_id)
        started = time.monotonic()
        try:
            token = _request_refresh(settings, keyring, connection, provider, credentials, http)
        except TokenRequestFailed as exc:
            _log_refresh(session, settings, connection, started, 400 if exc.refused else 502, str(exc))
            failure = _record_failure(session, keyring, connection, credentials, exc, now)
        else:
            _log_refresh(session, settings, connection, started, 200, None)
            credentials = _store_refreshed(session, keyring, connection, credentials, token, now)
    # Raised after the commit, so the invalid state or the back-off is kept; a token that still works is handed out.
    if failure is not None and (isinstance(failure, ConnectionInvalid) or not still_usable(credentials, now)):
        raise failure
    return public_credentials(credentials)


def _log_refresh(session: Session, settings: Settings, connection: Connection, started: float,
                 status_code: int, error: str | None) -> None:
    """The refresh is a call to the provider on the customer's behalf: it goes to the request log."""
    login_url = (connection.settings or {}).get("login_url")
    try:
        url = token_url(settings, connection.provider_name, login_url)
    except EgressRefused:  # a stored login URL Glue refused to call: the log shows what was stored
        url = str(login_url)
    log_provider_call(
        session, connection, operation_id="tokenRefresh", operation_name="Refresh access token", method="POST",
        url=url,
        status_code=status_code, duration_ms=(time.monotonic() - started) * 1000, error_message=error,
    )


def _load(session: Session, keyring: KeyRing, connection_id: str) -> tuple[Connection, dict]:
    connection = session.get(Connection, connection_id, populate_existing=True)
    if connection is None:
        raise NotFound(f"Connection {connection_id} was not found.")
    return connection, keyring.open_json(connection.credentials) if connection.credentials else {}


def _lock(session: Session, connection_id: str) -> None:
    # A write that changes nothing (naming updated_at keeps its onupdate from firing) but takes the row lock.
    session.execute(
        update(Connection).where(Connection.id == connection_id).values(updated_at=Connection.updated_at)
    )


def _forget_rejected(credentials: dict, rejected_access_token: str | None) -> dict:
    """The credentials as if the refused access token had expired (a peer may already have replaced it)."""
    if rejected_access_token and credentials.get("access_token") == rejected_access_token:
        return credentials | {"expires_at": None}
    return credentials


def _must_refresh(connection: Connection, credentials: dict, now: datetime) -> bool:
    """False when the stored token will do; raises when it will not and no refresh may be tried now."""
    if connection.auth_type == "oauth2" and not (credentials.get("access_token") or credentials.get("refresh_token")):
        raise ConnectionNotAuthorized(f"Connection {connection.id} has not been authorized yet.")
    if not needs_refresh(credentials, now):
        return False
    if connection.state == STATE_INVALID:
        raise ConnectionInvalid(f"Connection {connection.id} must be authorized again: its refresh token was refused.")
    backoff = _current_backoff(credentials)
    if backoff:
        retry_at = datetime.fromisoformat(backoff["next_attempt_at"])
        if now < retry_at:
            if still_usable(credentials, now):
                return False
            raise TokenRefreshBackingOff(
                f"Refreshing the token of connection {connection.id} failed {backoff['failures']} time(s); "
                f"the next attempt is after {retry_at.isoformat()}.",
                retry_at,
            )
    return True


def _request_refresh(
    settings: Settings, keyring: KeyRing, connection: Connection, provider: ProviderConfig, credentials: dict,
    http: httpx.Client | None,
) -> dict:
    if not has_oauth(connection.provider_name):
        raise RefreshNotConfigured(f"Glue knows no OAuth endpoints for {connection.provider_name}: "
                                   "it cannot refresh this connection's token.")
    client = oauth_client_of(keyring, provider)
    if client is None:
        raise RefreshNotConfigured(f"Provider {provider.name} has no OAuth client credentials configured.")
    if not credentials.get("refresh_token"):
        raise TokenRequestFailed("no refresh token is stored for this connection", refused=True)
    form = {"grant_type": "refresh_token", "refresh_token": credentials["refresh_token"]}
    endpoints = oauth_endpoints(connection.provider_name)
    if endpoints.refresh_scopes:  # Microsoft's token endpoint wants the scopes named again
        try:
            scopes = endpoints.scopes_for(provider.oauth_scopes or endpoints.default_scopes, connection.instance_url)
        except ValueError:
            raise TokenRequestFailed("the connection has no instance URL to name in its scopes", refused=True) from None
        form["scope"] = endpoints.scope_separator.join(scopes)
    return request_token(
        settings, connection.provider_name, client, form,
        login_url=(connection.settings or {}).get("login_url"), http=http,
    )


def _store_refreshed(
    session: Session, keyring: KeyRing, connection: Connection, credentials: dict, token: dict, now: datetime
) -> dict:
    credentials = public_credentials(credentials) | token_fields(token, now)  # a refresh token not reissued stays
    connection.credentials = keyring.seal_json(credentials)
    if token.get("instance_url"):
        connection.instance_url = token["instance_url"]
    became_callable = connection.state != STATE_CALLABLE
    connection.state = STATE_CALLABLE
    if became_callable:
        record_connection_event(session, connection, _customer(session, connection), "vault.connection.callable")
    return credentials


def token_fields(token: dict, now: datetime, *, never_expires: bool = False) -> dict:
    """What Glue keeps of a provider's token answer (refresh_token only when one was issued).
    ``never_expires``: the provider's access tokens last until revoked (Intercom's), so none is given an expiry."""
    fields = {
        "type": "oauth2",
        "access_token": token["access_token"],
        "expires_at": None if never_expires and not token.get("expires_in") else (now + _lifetime(token)).isoformat(),
    }
    if token.get("refresh_token"):
        fields["refresh_token"] = token["refresh_token"]
    for extra in TOKEN_URL_KEYS:  # where this account's API lives (Salesforce's, Pipedrive's, Gong's)
        if token.get(extra):
            fields[extra] = token[extra]
    return fields


def _record_failure(
    session: Session, keyring: KeyRing, connection: Connection, credentials: dict, exc: TokenRequestFailed,
    now: datetime,
) -> TokenRefreshFailed:
    if exc.refused:
        connection.state = STATE_INVALID
        connection.credentials = keyring.seal_json(public_credentials(credentials))
        record_connection_event(
            session, connection, _customer(session, connection), "vault.connection.token_refresh.failed"
        )
        return ConnectionInvalid(f"The provider refused the refresh token of connection {connection.id}: {exc}")
    failures = int((_current_backoff(credentials) or {}).get("failures", 0)) + 1
    retry_at = now + backoff_delay(failures)
    backoff = {"failures": failures, "next_attempt_at": retry_at.isoformat(),
               "refresh_token": _fingerprint(credentials.get("refresh_token"))}
    connection.credentials = keyring.seal_json(credentials | {BACKOFF_KEY: backoff})
    return TokenRefreshFailed(
        f"Refreshing the token of connection {connection.id} failed ({exc}); "
        f"the next attempt is after {retry_at.isoformat()}."
    )


def _customer(session: Session, connection: Connection) -> Customer:
    return session.get(Customer, connection.customer_id)


def _lifetime(token: dict) -> timedelta:
    expires_in = token.get("expires_in")
    return timedelta(seconds=int(expires_in)) if expires_in else ASSUMED_LIFETIME
