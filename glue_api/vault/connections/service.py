"""Adding, changing, importing and deleting a consumer's connections.

Every change is announced with a ``vault.connection.*`` event written in the same
transaction. States follow the Vault's flow: a connection is ``added`` until its
credentials are in (``authorized``), ``callable`` once it holds a usable token, and
``invalid`` when the provider refuses it.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import Session

from glue_api.connections.events import record_connection_deleted
from glue_api.connections.states import ADDED, AUTHORIZED, CALLABLE
from glue_api.crypto import KeyRing
from glue_api.errors import (
    BadRequest,
    Conflict,
    NotFound,
    Unprocessable,
)
from glue_api.models import Connection, Customer
from glue_api.syncs.service import ensure_syncs
from glue_api.vault.connections.repository import (
    find_connection,
    get_consumer_connection,
    get_integration,
    provider_info,
)
from glue_api.vault.connections.resources import ProviderResource, resources_of
from glue_api.vault.connections.schemas import (
    ConnectionImport,
    ConnectionWrite,
    ResourceConfiguration,
)
from glue_api.vault.connections.settings import (
    RESOURCES_KEY,
    SettingsChange,
    apply_settings,
    missing_required,
    open_credentials,
)
from glue_api.vault.consumers.service import ensure_consumer
from glue_api.vault.events import record_connection_event
from glue_providers.spec import AuthType, ProviderSpec



def add_connection(
    session: Session, keyring: KeyRing, application_id: str, consumer_id: str, unified_api: str, service_id: str,
    body: ConnectionWrite,
) -> tuple[ProviderSpec, Customer, Connection]:
    info = provider_info(unified_api, service_id)
    integration = get_integration(session, application_id, info)
    info = info.connected_by(integration.auth_type)
    customer = ensure_consumer(session, application_id, consumer_id)
    if find_connection(session, customer, info.name) is not None:
        raise Conflict(f"Consumer {consumer_id} already has a {unified_api} connection with {service_id}.")
    connection = Connection(
        application_id=application_id, customer_id=customer.id, provider_id=integration.id, provider_name=info.name,
        category=info.category.value, auth_type=info.auth_type.value, state=ADDED, settings={}, credentials=None,
        enabled=True if body.enabled is None else body.enabled, connection_metadata=body.metadata,
    )
    _write_settings(info, connection, keyring, body.settings or {})
    if body.configuration:
        _write_configuration(info, connection, body.configuration)
    session.add(connection)
    session.flush()
    ensure_syncs(session, connection)
    record_connection_event(session, connection, customer, "vault.connection.created")
    return info, customer, connection


def update_connection(
    session: Session, keyring: KeyRing, application_id: str, consumer_id: str, unified_api: str, service_id: str,
    body: ConnectionWrite,
) -> tuple[ProviderSpec, Customer, Connection]:
    info, customer, connection = get_consumer_connection(session, application_id, consumer_id, unified_api, service_id)
    sent = body.model_fields_set
    disabling = "enabled" in sent and body.enabled is False and connection.enabled
    if "settings" in sent and body.settings is not None:
        _write_settings(info, connection, keyring, body.settings)
    if "configuration" in sent and body.configuration is not None:
        _write_configuration(info, connection, body.configuration)
    if "enabled" in sent and body.enabled is not None:
        connection.enabled = body.enabled
    if "metadata" in sent:
        connection.connection_metadata = body.metadata
    session.flush()
    if sent:
        event = "vault.connection.disabled" if disabling else "vault.connection.updated"
        record_connection_event(session, connection, customer, event)
    return info, customer, connection


def delete_connection(
    session: Session, application_id: str, consumer_id: str, unified_api: str, service_id: str
) -> None:
    _, customer, connection = get_consumer_connection(session, application_id, consumer_id, unified_api, service_id)
    record_connection_event(session, connection, customer, "vault.connection.deleted")
    record_connection_deleted(session, connection, customer)
    session.delete(connection)
    session.flush()


def import_connection(
    session: Session, keyring: KeyRing, application_id: str, consumer_id: str, unified_api: str, service_id: str,
    body: ConnectionImport, now: datetime | None = None,
) -> tuple[ProviderSpec, Customer, Connection]:
    """Tokens obtained elsewhere; without issued_at and expires_in the token is queued for refresh."""
    now = now or datetime.now(timezone.utc)
    info = provider_info(unified_api, service_id)
    integration = get_integration(session, application_id, info)
    info = info.connected_by(integration.auth_type)
    if info.auth_type != AuthType.OAUTH2:
        raise Unprocessable(f"{info.title} does not use OAuth tokens: add the connection with its settings instead.")
    tokens = body.credentials
    if not tokens.access_token and not tokens.refresh_token:
        raise BadRequest("credentials need an access_token or a refresh_token.")
    customer = ensure_consumer(session, application_id, consumer_id)
    connection = find_connection(session, customer, info.name)
    created = connection is None
    if created:
        connection = Connection(
            application_id=application_id, customer_id=customer.id, provider_id=integration.id,
            provider_name=info.name, category=info.category.value, auth_type=info.auth_type.value, state=ADDED,
            settings={}, enabled=True,
        )
    previous_state = None if created else connection.state
    _write_settings(info, connection, keyring, body.settings or {})
    expires_at = None
    if tokens.issued_at is not None and tokens.expires_in is not None:
        issued_at = tokens.issued_at if tokens.issued_at.tzinfo else tokens.issued_at.replace(tzinfo=timezone.utc)
        expires_at = issued_at + timedelta(seconds=tokens.expires_in)
    credentials = open_credentials(keyring, connection) | {
        "type": AuthType.OAUTH2.value,
        "access_token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "expires_at": expires_at.isoformat() if expires_at else None,
    }
    connection.credentials = keyring.seal_json(credentials)
    usable = tokens.access_token and (expires_at > now if expires_at else not tokens.refresh_token)
    connection.state = CALLABLE if usable else AUTHORIZED
    if "metadata" in body.model_fields_set:
        connection.connection_metadata = body.metadata
    if created:
        session.add(connection)
    session.flush()
    ensure_syncs(session, connection)
    record_connection_event(session, connection, customer,
                            "vault.connection.created" if created else "vault.connection.updated")
    if connection.state == CALLABLE and previous_state != CALLABLE:
        record_connection_event(session, connection, customer, "vault.connection.callable")
    return info, customer, connection


def resource_of(info: ProviderSpec, resource: str) -> ProviderResource:
    found = resources_of(info.name).get(resource)
    if found is None:
        raise NotFound(f"{info.title} has no resource {resource!r}.")
    return found


def update_resource_config(
    session: Session, application_id: str, consumer_id: str, unified_api: str, service_id: str, resource: str,
    body: ConnectionWrite,
) -> tuple[ProviderSpec, Customer, Connection]:
    """Only ``configuration`` is read here; a connection's other fields change through its own update."""
    info, customer, connection = get_consumer_connection(session, application_id, consumer_id, unified_api, service_id)
    resource_of(info, resource)
    entries = body.configuration or []
    if not entries:
        raise BadRequest(f"configuration must hold the defaults of resource {resource}.")
    if any(entry.resource != resource for entry in entries):
        raise BadRequest(f"configuration may only name resource {resource} here.")
    _write_configuration(info, connection, entries)
    session.flush()
    record_connection_event(session, connection, customer, "vault.connection.updated")
    return info, customer, connection


def _write_settings(info: ProviderSpec, connection: Connection, keyring: KeyRing, changes: dict) -> None:
    credentials = open_credentials(keyring, connection)
    change = apply_settings(info, connection, credentials, changes)
    resources = (connection.settings or {}).get(RESOURCES_KEY)
    connection.settings = change.plain | ({RESOURCES_KEY: resources} if resources else {})
    if "instance_url" in changes:
        connection.instance_url = change.plain.get("instance_url", "")
    # Tokens and whatever else the OAuth flow stored stay; the sensitive settings are replaced.
    kept = {k: v for k, v in credentials.items() if k != "type" and not _is_sensitive(info, k)}
    sealed = kept | change.secrets
    connection.credentials = keyring.seal_json({"type": info.auth_type.value} | sealed) if sealed else None
    connection.state = _state_after_settings(info, connection, change)


def _is_sensitive(info: ProviderSpec, key: str) -> bool:
    form_field = info.form_field(key)
    return form_field is not None and form_field.sensitive


def _state_after_settings(info: ProviderSpec, connection: Connection, change: SettingsChange) -> str:
    """Connectors without OAuth are authorized by their settings (an API key, a key and secret)."""
    if info.auth_type == AuthType.OAUTH2:
        return connection.state
    if missing_required(info, change):
        return ADDED
    if connection.state == ADDED or change.secrets_changed:
        return AUTHORIZED
    return connection.state


def _write_configuration(info: ProviderSpec, connection: Connection, entries: list[ResourceConfiguration]) -> None:
    """Each resource named gets the defaults sent; resources not named keep theirs."""
    if not entries:
        return
    known = resources_of(info.name)
    for entry in entries:
        if entry.resource not in known:
            allowed = ", ".join(known) or "none"
            raise BadRequest(f"{info.title} has no resource {entry.resource!r} (its resources: {allowed}).")
    settings = dict(connection.settings or {})
    resources = dict(settings.get(RESOURCES_KEY) or {})
    for entry in entries:
        resources[entry.resource] = [d.model_dump(exclude_none=True) for d in entry.defaults]
    settings[RESOURCES_KEY] = resources
    connection.settings = settings  # a new dict, so the JSON column sees the change
