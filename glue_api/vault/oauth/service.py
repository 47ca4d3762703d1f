"""The OAuth 2.0 authorization-code flow and revocation for Vault connections.

authorize link (Glue's state) -> provider consent (a second state, PKCE) -> /vault/callback
(code exchange, tokens sealed) -> the application's redirect_uri. Every state is claimed
once; a refused one changes nothing because the request's transaction rolls back.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from urllib.parse import quote, urlencode

import httpx
from sqlalchemy.orm import Session

from glue_api.config import Settings
from glue_api.crypto import KeyRing
from glue_api.errors import BadRequest, NotImplementedYet, Unprocessable
from glue_api.magic_links.connecting import finish_link
from glue_api.models import (
    Application,
    Connection,
    Customer,
    MagicLink,
    OAuthAttempt,
    ProviderConfig,
)
from glue_api.tokens.client import (
    TOKEN_URL_KEYS,
    OAuthClient,
    TokenRequestFailed,
    oauth_client_of,
    request_token,
    revoke_token,
)
from glue_api.tokens.endpoints import consent_page_url, has_oauth, oauth_endpoints, tenant_url
from glue_api.connections.states import ADDED as STATE_ADDED
from glue_api.connections.states import AVAILABLE as STATE_AVAILABLE
from glue_api.connections.states import CALLABLE as STATE_CALLABLE
from glue_api.tokens.service import BACKOFF_KEY, token_fields
from glue_api.vault.events import record_connection_event
from glue_api.vault.oauth.attempts import (
    PURPOSE_AUTHORIZE,
    PURPOSE_CALLBACK,
    PURPOSE_REVOKE,
    InvalidState,
    claim_attempt,
    create_attempt,
)
from glue_api.vault.oauth.pkce import (
    CHALLENGE_METHOD,
    code_challenge,
    new_code_verifier,
)
from glue_api.vault.oauth.link_states import claim_link_state
from glue_api.vault.oauth.redirects import checked_redirect_uri, with_query
from glue_providers.egress import EgressRefused
from glue_providers.spec import AuthType

log = logging.getLogger("glue.vault.oauth")

CONSENT_LIFETIME = timedelta(minutes=10)  # from leaving Glue for the provider to coming back
TOKEN_KEYS = {"access_token", "refresh_token", "expires_at", *TOKEN_URL_KEYS, BACKOFF_KEY}
OAUTH_ERROR_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def callback_uri(settings: Settings) -> str:
    """The one redirect URI Glue registers with every provider."""
    return f"{settings.public_url.rstrip('/')}/vault/callback"


def start_authorization(
    session: Session, settings: Settings, keyring: KeyRing, *, service_id: str, application_id: str, state: str,
    redirect_uri: str | None, extra_scopes: list[str], now: datetime,
) -> str:
    """Claims the authorize link's state and returns the provider's consent URL."""
    attempt = claim_link_state(session, keyring, state, PURPOSE_AUTHORIZE, now)
    connection = _connection_of(session, attempt, service_id, application_id)
    application = session.get(Application, application_id)
    redirect_uri = checked_redirect_uri(application, redirect_uri)
    return consent_url(session, settings, keyring, connection, redirect_uri=redirect_uri, extra_scopes=extra_scopes,
                       now=now)


def consent_url(
    session: Session, settings: Settings, keyring: KeyRing, connection: Connection, *, redirect_uri: str,
    now: datetime, extra_scopes: list[str] = (), magic_link_id: str | None = None,
) -> str:
    """The provider's consent page for ``connection``; its answer comes back to /vault/callback.

    ``redirect_uri`` is trusted here: callers either checked it against the allow-list or built it.
    """
    provider, client = _oauth_provider(session, keyring, connection)
    endpoints = oauth_endpoints(connection.provider_name)

    scopes = _unique(_connection_scopes(connection, [*(provider.oauth_scopes or endpoints.default_scopes),
                                                      *extra_scopes]))
    verifier = new_code_verifier() if endpoints.pkce else None
    provider_state = create_attempt(
        session, connection, PURPOSE_CALLBACK, now, CONSENT_LIFETIME, redirect_uri=redirect_uri, scopes=scopes,
        code_verifier=keyring.seal(verifier.encode()) if verifier else None, magic_link_id=magic_link_id,
    )
    params = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": callback_uri(settings),
        "state": provider_state,
    }
    if scopes:
        params["scope"] = endpoints.scope_separator.join(scopes)
    if verifier:
        params |= {"code_challenge": code_challenge(verifier), "code_challenge_method": CHALLENGE_METHOD}
    params |= dict(endpoints.authorize_params)
    consent = consent_page_url(settings, connection.provider_name, _login_url(connection))
    return f"{consent}?{urlencode(params, quote_via=quote)}"


def complete_authorization(
    session: Session, settings: Settings, keyring: KeyRing, *, state: str, code: str | None, error: str | None,
    error_description: str | None, now: datetime, http: httpx.Client | None = None,
    callback_params: Mapping[str, str] | None = None,
) -> str:
    """Claims the provider's state, exchanges the code, stores the tokens; returns where the browser goes.

    ``callback_params``: every parameter the provider's redirect carried (Zoho's ``accounts-server``)."""
    attempt = claim_attempt(session, state, PURPOSE_CALLBACK, now)
    connection = session.get(Connection, attempt.connection_id)
    if error:
        # The consumer declined (access_denied) or the provider failed: the application hears why.
        return _back_with_error(attempt, error if OAUTH_ERROR_CODE.match(error) else "access_denied",
                                error_description or "The provider did not authorize the connection.")
    if not code:
        raise BadRequest("code is required.", title="Missing code")
    provider, client = _oauth_provider(session, keyring, connection)
    try:
        _remember_accounts_server(settings, connection, callback_params or {})
    except EgressRefused as exc:
        log.warning("callback for connection %s named a server Glue does not call: %s", connection.id, exc)
        return _back_with_error(attempt, "server_error", f"{provider.name} answered from a server Glue does not call.")
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": callback_uri(settings)}
    if attempt.code_verifier is not None:
        form["code_verifier"] = keyring.open(attempt.code_verifier).decode()
    try:
        token = request_token(settings, connection.provider_name, client, form, login_url=_login_url(connection),
                              http=http)
    except TokenRequestFailed as exc:
        log.warning("code exchange for connection %s failed: %s", connection.id, exc)
        return _back_with_error(attempt, "server_error", f"{provider.name} did not exchange the authorization code.")

    previous_state = connection.state
    never_expires = not oauth_endpoints(connection.provider_name).refresh_tokens
    credentials = _without_tokens(_open(keyring, connection)) | token_fields(token, now, never_expires=never_expires)
    connection.credentials = keyring.seal_json(credentials)
    if token.get("instance_url"):
        connection.instance_url = token["instance_url"]
    connection.state = STATE_CALLABLE
    session.flush()
    customer = session.get(Customer, connection.customer_id)
    change = "vault.connection.created" if previous_state == STATE_AVAILABLE else "vault.connection.updated"
    record_connection_event(session, connection, customer, change)
    record_connection_event(session, connection, customer, "vault.connection.callable")
    if attempt.magic_link_id is not None:
        # A magic link's flow ends at the application's return_url, once the link is consumed.
        return finish_link(session, session.get(MagicLink, attempt.magic_link_id), connection, customer, now)
    return attempt.redirect_uri


def revoke_authorization(
    session: Session, settings: Settings, keyring: KeyRing, *, service_id: str, application_id: str, state: str,
    redirect_uri: str | None, now: datetime, http: httpx.Client | None = None,
) -> str:
    """Claims the revoke link's state, revokes the tokens at the provider and forgets them."""
    attempt = claim_link_state(session, keyring, state, PURPOSE_REVOKE, now)
    connection = _connection_of(session, attempt, service_id, application_id)
    redirect_uri = checked_redirect_uri(session.get(Application, application_id), redirect_uri)
    if connection.auth_type != AuthType.OAUTH2.value:
        raise Unprocessable(f"{connection.provider_name} connections do not use OAuth.", title="Not an OAuth connection")
    forget_tokens(session, settings, keyring, connection, http=http)
    return redirect_uri


def forget_tokens(session: Session, settings: Settings, keyring: KeyRing, connection: Connection, *,
                  http: httpx.Client | None = None) -> None:
    """Revokes the connection's tokens at the provider (best effort) and forgets them; settings stay."""
    credentials = _open(keyring, connection)
    token, hint = (credentials.get("refresh_token"), "refresh_token") if credentials.get("refresh_token") \
        else (credentials.get("access_token"), "access_token")
    if token and has_oauth(connection.provider_name):
        provider = session.get(ProviderConfig, connection.provider_id)
        client = oauth_client_of(keyring, provider) if provider else None
        # Best effort: the consumer asked to disconnect, so Glue forgets the tokens even if the provider is down.
        revoke_token(settings, connection.provider_name, client, token, token_type_hint=hint,
                     login_url=_login_url(connection), http=http)
    remaining = _without_tokens(credentials)
    had_tokens = remaining != credentials
    connection.credentials = keyring.seal_json(remaining) if set(remaining) - {"type"} else None
    connection.state = STATE_ADDED
    session.flush()
    if had_tokens:
        record_connection_event(session, connection, session.get(Customer, connection.customer_id),
                                "vault.connection.revoked")


def _connection_of(session: Session, attempt: OAuthAttempt, service_id: str, application_id: str) -> Connection:
    connection = session.get(Connection, attempt.connection_id)
    if attempt.application_id != application_id or connection.provider_name != service_id:
        raise InvalidState("The state was issued for another application or service.")
    return connection


def _oauth_provider(session: Session, keyring: KeyRing, connection: Connection) -> tuple[ProviderConfig, OAuthClient]:
    if connection.auth_type != AuthType.OAUTH2.value:
        raise Unprocessable(f"{connection.provider_name} connections do not use OAuth.", title="Not an OAuth connection")
    if not has_oauth(connection.provider_name):
        raise NotImplementedYet(f"Glue does not know {connection.provider_name}'s OAuth endpoints yet.")
    provider = session.get(ProviderConfig, connection.provider_id)
    client = oauth_client_of(keyring, provider) if provider else None
    if client is None:
        raise Unprocessable(
            f"The {connection.provider_name} integration has no OAuth client id and secret configured.",
            title="Integration not configured",
        )
    return provider, client


def _back_with_error(attempt: OAuthAttempt, error: str, description: str) -> str:
    return with_query(attempt.redirect_uri, {"error": error, "error_description": description[:200]})


def _open(keyring: KeyRing, connection: Connection) -> dict:
    return keyring.open_json(connection.credentials) if connection.credentials else {}


def _without_tokens(credentials: dict) -> dict:
    """Keeps what is not a token (sensitive settings the consumer entered)."""
    return {key: value for key, value in credentials.items() if key not in TOKEN_KEYS}


def _remember_accounts_server(settings: Settings, connection: Connection, callback_params: Mapping[str, str]) -> None:
    """Where the provider says the grant lives (one accounts server per data centre, Zoho's): the code exchange,
    refreshes and revocation go there. Only the provider's own domains are accepted."""
    name = oauth_endpoints(connection.provider_name).accounts_server_param
    server = callback_params.get(name) if name else None
    if not server:
        return
    origin = tenant_url(settings, connection.provider_name, server)
    connection.settings = (connection.settings or {}) | {"login_url": origin}


def _login_url(connection: Connection) -> str | None:
    return (connection.settings or {}).get("login_url")


def _connection_scopes(connection: Connection, scopes: list[str]) -> list[str]:
    """Scopes naming the connection's own URL (Dynamics' organisation) get it filled in."""
    try:
        return oauth_endpoints(connection.provider_name).scopes_for(scopes, connection.instance_url or "")
    except ValueError:
        raise Unprocessable(f"Give the connection's {connection.provider_name} URL before authorizing it.",
                            title="Instance URL missing") from None


def _unique(scopes: list[str]) -> list[str]:
    return list(dict.fromkeys(scope for scope in scopes if scope))
