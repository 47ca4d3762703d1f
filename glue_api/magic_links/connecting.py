"""The connection a magic link makes: found or started for the link's customer and provider."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from glue_api.config import Settings
from glue_api.connections.repository import find_connection
from glue_api.connections.states import ADDED, AUTHORIZED, CALLABLE
from glue_api.credential_checks import check_credentials
from glue_api.crypto import KeyRing
from glue_api.magic_links.consumption import consume_link
from glue_api.models import Connection, Customer, MagicLink, ProviderConfig
from glue_api.syncs.service import ensure_syncs
from glue_providers import registry
from glue_providers.spec import ProviderSpec


def link_connection(session: Session, link: MagicLink, *, login_url: str | None = None) -> tuple[Customer, Connection]:
    """The customer's connection to the link's provider; a new one waits in "added" until it is authorized."""
    customer = session.get(Customer, link.customer_id)
    connection = find_connection(session, customer, link.provider_name)
    if connection is None:
        info = link_spec(session, link)
        connection = Connection(
            application_id=link.application_id, customer_id=customer.id, provider_id=link.provider_id,
            provider_name=link.provider_name, category=info.category.value, auth_type=info.auth_type.value,
            state=ADDED, settings={}, credentials=None, enabled=True,
        )
        session.add(connection)
    if login_url:
        connection.settings = (connection.settings or {}) | {"login_url": login_url}
    session.flush()
    return customer, connection


def connect_with_keys(
    session: Session, settings: Settings, keyring: KeyRing, link: MagicLink, keys: dict[str, str], now: datetime,
) -> str:
    """Checks the keys with the provider first, so a rejected key stores nothing; returns the link's return_url."""
    verified = check_credentials(settings, link.provider_name, keys)
    customer, connection = link_connection(session, link)
    info = link_spec(session, link)
    connection.credentials = keyring.seal_json({"type": info.auth_type.value, **keys})
    connection.state = CALLABLE if verified else AUTHORIZED
    session.flush()
    return finish_link(session, link, connection, customer, now)


def finish_link(session: Session, link: MagicLink, connection: Connection, customer: Customer, now: datetime) -> str:
    ensure_syncs(session, connection)
    return consume_link(session, link, connection, customer, now)


def link_spec(session: Session, link: MagicLink) -> ProviderSpec:
    """The link's provider as its application offers it (Gong by key pair, or by OAuth)."""
    provider = session.get(ProviderConfig, link.provider_id) if link.provider_id else None
    return registry.get(link.provider_name).connected_by(provider.auth_type if provider else None)


def uses_oauth(session: Session, link: MagicLink) -> bool:
    return link_spec(session, link).uses_oauth
