"""The hosted vault: a consumer's integrations, each with its settings, authorization and actions."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from glue_api.connections.states import ADDED, AUTHORIZED, CALLABLE, INVALID
from glue_api.credential_checks import (
    CredentialsRejected,
    ProviderUnreachable,
    check_credentials,
)
from glue_api.config import Settings
from glue_api.crypto import KeyRing
from glue_api.deps import KeyRingDep, ReadsRequestLogs, SessionDep
from glue_api.errors import BadRequest, GlueError
from glue_api.models import Connection
from glue_api.models.base import utcnow
from glue_api.pages.consent_fields import apply_consent_settings, consent_fields, consent_settings
from glue_api.pages.forms import INPUT_TYPES, missing_fields, submitted_settings
from glue_api.pages.hosted_session import HostedSession, open_hosted_session, status_of
from glue_api.pages.rendering import page
from glue_api.tokens.endpoints import consent_page_url
from glue_api.vault.connections.repository import find_connection
from glue_api.vault.connections.resources import resources_of
from glue_api.vault.connections.schemas import ConnectionWrite
from glue_api.vault.connections.service import (
    add_connection,
    delete_connection,
    update_connection,
)
from glue_api.vault.connections.settings import (
    masked_secrets,
    open_credentials,
    visible_settings,
)
from glue_api.vault.events import record_connection_event
from glue_api.vault.oauth.service import consent_url, forget_tokens
from glue_providers.egress import EgressRefused
from glue_providers.spec import AuthType, FormField, ProviderSpec

router = APIRouter(prefix="/vault/session/{token}", include_in_schema=False,
                   dependencies=[ReadsRequestLogs])  # its connection pages show recent logs

NOTICES = {
    "saved": "Settings saved.",
    "authorized": "Connected.",
    "disconnected": "Disconnected. Connect again at any time.",
    "enabled": "Enabled.",
    "disabled": "Disabled: nothing syncs until it is enabled again.",
    "deleted": "Connection deleted.",
}


@router.get("")
def home(token: str, request: Request, session: SessionDep, keyring: KeyRingDep) -> Response:
    hosted = open_hosted_session(session, keyring, token, utcnow())
    return page("vault_home.html", title="Integrations", notice=NOTICES.get(request.query_params.get("done", "")),
                **hosted.layout("home", session))


@router.get("/{unified_api}/{service_id}")
def connection_page(token: str, unified_api: str, service_id: str, request: Request, session: SessionDep,
                    keyring: KeyRingDep) -> Response:
    hosted = open_hosted_session(session, keyring, token, utcnow())
    info = hosted.shown_provider(session, unified_api, service_id)
    query = request.query_params
    error = query.get("error_description") or query.get("error")
    connection = find_connection(session, hosted.customer, info.name)
    just_authorized = query.get("done") == "authorized" and not error
    if just_authorized and hosted.settings.get("auto_redirect") and connection is not None \
            and connection.state == CALLABLE and hosted.record.redirect_uri:
        return RedirectResponse(hosted.record.redirect_uri, status_code=303)
    return _connection_page(session, keyring, hosted, info, connection, settings=request.app.state.settings,
                            notice=NOTICES.get(query.get("done", "")),
                            error=f"{info.title} did not connect: {error[:200]}" if error else None)


@router.post("/{unified_api}/{service_id}/settings")
async def save_settings(token: str, unified_api: str, service_id: str, request: Request, session: SessionDep,
                        keyring: KeyRingDep) -> Response:
    form = await request.form()
    hosted = open_hosted_session(session, keyring, token, utcnow())
    info = hosted.shown_provider(session, unified_api, service_id)
    connection = find_connection(session, hosted.customer, info.name)
    try:
        changes = submitted_settings(page_fields(info), form) | _environment_choice(info, form)
        verified = _check_keys(request, keyring, info, connection, changes)
        body = ConnectionWrite(settings=changes)
        consumer_id = hosted.customer.external_id
        if connection is None:
            _, _, connection = add_connection(session, keyring, hosted.application.id, consumer_id, unified_api,
                                              service_id, body)
        else:
            update_connection(session, keyring, hosted.application.id, consumer_id, unified_api, service_id, body)
        if verified and connection.state != CALLABLE:
            connection.state = CALLABLE
            record_connection_event(session, connection, hosted.customer, "vault.connection.callable")
    except (GlueError, ValidationError, CredentialsRejected, ProviderUnreachable) as exc:
        session.rollback()  # a refused form changes nothing
        connection = find_connection(session, hosted.customer, info.name)
        status = 502 if isinstance(exc, ProviderUnreachable) else 400
        return _connection_page(session, keyring, hosted, info, connection, settings=request.app.state.settings,
                                error=_message(exc), status_code=status)
    return _back(hosted, info, "saved")


@router.post("/{unified_api}/{service_id}/authorize")
async def authorize(token: str, unified_api: str, service_id: str, request: Request, session: SessionDep,
                    keyring: KeyRingDep) -> Response:
    form = await request.form()
    now = utcnow()
    hosted = open_hosted_session(session, keyring, token, now)
    info = hosted.shown_provider(session, unified_api, service_id)
    if info.auth_type != AuthType.OAUTH2:
        raise BadRequest(f"{info.title} connects with its settings, not by signing in.")
    connection = find_connection(session, hosted.customer, info.name)
    try:
        asked = consent_settings(request.app.state.settings, info, form)
    except (BadRequest, EgressRefused) as exc:
        session.rollback()  # a refused form changes nothing
        message = f"That is not a {info.title} address ({exc.reason})." if isinstance(exc, EgressRefused) \
            else _message(exc)
        return _connection_page(session, keyring, hosted, info, connection, settings=request.app.state.settings,
                                error=message, status_code=400)
    if connection is None:
        _, _, connection = add_connection(session, keyring, hosted.application.id, hosted.customer.external_id,
                                          unified_api, service_id, ConnectionWrite())
    elif connection.state == CALLABLE:
        hosted.require("reauthorize")
    apply_consent_settings(connection, asked)
    settings = request.app.state.settings
    back = f"{settings.public_url.rstrip('/')}{hosted.connection_url(info)}?done=authorized"
    url = consent_url(session, settings, keyring, connection, redirect_uri=back, now=now)
    return RedirectResponse(url, status_code=303, headers={"Referrer-Policy": "no-referrer"})


@router.post("/{unified_api}/{service_id}/disconnect")
def disconnect(token: str, unified_api: str, service_id: str, request: Request, session: SessionDep,
               keyring: KeyRingDep) -> Response:
    hosted, info, connection = _existing(session, keyring, token, unified_api, service_id, "disconnect")
    if info.auth_type == AuthType.OAUTH2:
        forget_tokens(session, request.app.state.settings, keyring, connection)
    else:
        connection.credentials = None  # the keys were the credentials
        connection.state = ADDED
        session.flush()
        record_connection_event(session, connection, hosted.customer, "vault.connection.revoked")
    return _back(hosted, info, "disconnected")


@router.post("/{unified_api}/{service_id}/disable")
def disable(token: str, unified_api: str, service_id: str, session: SessionDep, keyring: KeyRingDep) -> Response:
    return _set_enabled(session, keyring, token, unified_api, service_id, False)


@router.post("/{unified_api}/{service_id}/enable")
def enable(token: str, unified_api: str, service_id: str, session: SessionDep, keyring: KeyRingDep) -> Response:
    return _set_enabled(session, keyring, token, unified_api, service_id, True)


@router.post("/{unified_api}/{service_id}/delete")
def delete(token: str, unified_api: str, service_id: str, session: SessionDep, keyring: KeyRingDep) -> Response:
    hosted, _, _ = _existing(session, keyring, token, unified_api, service_id, "delete")
    delete_connection(session, hosted.application.id, hosted.customer.external_id, unified_api, service_id)
    return RedirectResponse(f"{hosted.home_url}?done=deleted", status_code=303)


def _set_enabled(session: Session, keyring: KeyRing, token: str, unified_api: str, service_id: str,
                 enabled: bool) -> Response:
    hosted, info, _ = _existing(session, keyring, token, unified_api, service_id, "disable")
    update_connection(session, keyring, hosted.application.id, hosted.customer.external_id, unified_api, service_id,
                      ConnectionWrite(enabled=enabled))
    return _back(hosted, info, "enabled" if enabled else "disabled")


def _existing(session: Session, keyring: KeyRing, token: str, unified_api: str, service_id: str,
              action: str) -> tuple[HostedSession, ProviderSpec, Connection]:
    hosted = open_hosted_session(session, keyring, token, utcnow())
    info = hosted.shown_provider(session, unified_api, service_id)
    hosted.require(action)
    connection = find_connection(session, hosted.customer, info.name)
    if connection is None:
        raise BadRequest(f"{info.title} is not connected.", title="Not connected")
    return hosted, info, connection


def page_fields(info: ProviderSpec) -> tuple[FormField, ...]:
    """The settings a consumer types in: never a URL (where Glue sends the application's OAuth client
    secret and the customer's tokens is not the consumer's to choose), nor what the authorization form
    asks for (Account Engagement's business unit: one field of that id on the page)."""
    asked = consent_fields(info)
    return tuple(f for f in info.form_fields if f.type != "url" and f not in asked)


def _environment_choice(info: ProviderSpec, form) -> dict:
    """Production or sandbox org, for providers that have both; a submitted URL setting is refused."""
    typed = [f.label for f in info.form_fields if f.type == "url" and form.get(f.id) is not None]
    if typed:
        raise BadRequest(f"{', '.join(typed)} cannot be typed in here: choose a production or sandbox org instead.",
                         title="Address not allowed")
    if not _sandbox_login_url(info) or form.get("environment") is None:
        return {}
    if form.get("environment") not in ("production", "sandbox"):
        raise BadRequest("Choose a production or a sandbox org.")
    return {"login_url": _sandbox_login_url(info) if form.get("environment") == "sandbox" else None}


def _signs_in_to_sandbox(info: ProviderSpec, connection: Connection | None) -> bool:
    login_url = (connection.settings or {}).get("login_url") if connection is not None else None
    return login_url is not None and login_url == _sandbox_login_url(info)


def _sandbox_login_url(info: ProviderSpec) -> str:
    """Where the provider's sandbox (test) accounts sign in; empty when it has none."""
    return info.oauth.sandbox_login_url if info.oauth else ""


def _check_keys(request: Request, keyring: KeyRing, info: ProviderSpec, connection: Connection | None,
                changes: dict) -> bool:
    """For connectors authorized by keys: new keys are checked with the provider before they are stored."""
    secret_ids = [f.id for f in info.form_fields if f.sensitive]
    if info.auth_type == AuthType.OAUTH2 or not any(key in changes for key in secret_ids):
        return False
    stored = open_credentials(keyring, connection) if connection is not None else {}
    keys = {key: changes.get(key, stored.get(key)) for key in secret_ids}
    missing = missing_fields(tuple(f for f in info.form_fields if f.sensitive), keys)
    if missing:
        raise BadRequest(f"Fill in {', '.join(missing)}.")
    return check_credentials(request.app.state.settings, info.name, keys)


def _connection_page(session: Session, keyring: KeyRing, hosted: HostedSession, info: ProviderSpec,
                     connection: Connection | None, *, settings: Settings, notice: str | None = None,
                     error: str | None = None, status_code: int = 200) -> Response:
    credentials = open_credentials(keyring, connection) if connection is not None else {}
    base = hosted.connection_url(info)
    return page(
        "vault_connection.html", status_code, title=info.title, provider=info, connection=connection,
        state=connection.state if connection else None, status=status_of(connection), notice=notice, error=error,
        oauth=info.auth_type == AuthType.OAUTH2, fields=page_fields(info), input_types=INPUT_TYPES,
        sandbox_choice=bool(_sandbox_login_url(info)),
        consent_fields=consent_fields(info),
        instance_url=connection.instance_url if connection is not None else "",
        sandbox_org=_signs_in_to_sandbox(info, connection),
        values=visible_settings(connection) if connection else {}, stored_secrets=set(masked_secrets(info, credentials)),
        resources=list(resources_of(info.name).values()),
        hide_resource_settings=bool(hosted.settings.get("hide_resource_settings")),
        hide_guides=bool(hosted.settings.get("hide_guides")),
        logs=hosted.recent_logs(session, info.name),
        can={"reauthorize": hosted.allows("reauthorize")},
        manage=_manage_actions(hosted, connection),
        actions={name: f"{base}/{name}" for name in ("settings", "authorize", "disconnect", "disable", "enable",
                                                      "delete")},
        form_targets=_connection_form_targets(settings, hosted, info, connection),
        **hosted.layout(info.name, session),
    )


def _connection_form_targets(settings: Settings, hosted: HostedSession, info: ProviderSpec,
                             connection: Connection | None) -> list[str]:
    """Where the page's forms can lead in one navigation: the provider's consent page, Glue's callback
    (a consent already given answers at once) and, with auto_redirect, the session's redirect URI."""
    if info.auth_type != AuthType.OAUTH2:
        return []
    login_url = ((connection.settings or {}) if connection is not None else {}).get("login_url")
    return [consent_page_url(settings, info.name, login_url), settings.public_url, hosted.record.redirect_uri or ""]


def _manage_actions(hosted: HostedSession, connection: Connection | None) -> dict[str, bool]:
    """The buttons the Manage section shows: what the session allows and the connection's state makes sense of."""
    if connection is None:
        return {"disable": False, "disconnect": False, "delete": False}
    return {
        "disable": hosted.allows("disable"),
        "disconnect": hosted.allows("disconnect") and connection.state in (AUTHORIZED, CALLABLE, INVALID),
        "delete": hosted.allows("delete"),
    }


def _back(hosted: HostedSession, info: ProviderSpec, done: str) -> Response:
    return RedirectResponse(f"{hosted.connection_url(info)}?done={done}", status_code=303)


def _message(exc: Exception) -> str:
    if isinstance(exc, GlueError):
        return exc.detail
    if isinstance(exc, ValidationError):
        return "Some settings are not valid: check each value and try again."
    return str(exc)
