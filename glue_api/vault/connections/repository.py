"""Look-ups behind the Vault's connections, always within one application."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from glue_api.customers.repository import find_customer
from glue_api.errors import NotFound
from glue_api.models import Connection, Customer, ProviderConfig
from glue_api.providers.repository import find_provider_by_name, list_providers
from glue_api.row_objects import Columns, columns_of, labelled
from glue_providers import registry
from glue_providers.spec import ProviderSpec


_NOT_ENABLED = "The {} integration is not enabled for this application."


def integrations(session: Session, application_id: str) -> list[ProviderConfig]:
    """The providers the application has configured: the Vault's integrations."""
    return [p for p in list_providers(session, application_id) if registry.find(p.name) is not None]


def provider_info(unified_api: str, service_id: str) -> ProviderSpec:
    info = registry.find(service_id)
    if info is None or info.unified_api != unified_api:
        raise NotFound(f"There is no {unified_api} connector {service_id}.")
    return info


def get_integration(session: Session, application_id: str, info: ProviderSpec) -> ProviderConfig:
    integration = find_provider_by_name(session, application_id, info.name)
    if integration is None:
        raise NotFound(_NOT_ENABLED.format(info.name))
    return integration


# Built once, given their values when run (building a statement costs more CPU than running it). Core
# statements over both tables' columns, read into stand-ins of the ORM objects (glue_api/row_objects.py): these
# are the Vault's busiest reads, and loading two ORM entities per row cost more CPU than the query.
_INTEGRATION_KEYS = tuple(column.key for column in ProviderConfig.__table__.c)
_CONNECTION_KEYS = tuple(column.key for column in Connection.__table__.c)
_THEIRS = (  # the consumer's connections
    select(Connection.__table__).join(Customer, Customer.id == Connection.customer_id)
    .where(Customer.application_id == bindparam("application_id"), Customer.external_id == bindparam("consumer_id"))
).subquery()
_WITH_THEIRS = (
    select(*labelled(ProviderConfig.__table__, "integration_"), *labelled(_THEIRS, "connection_"))
    .outerjoin(_THEIRS, _THEIRS.c.provider_name == ProviderConfig.name)
)
_OF_APPLICATION = ProviderConfig.application_id == bindparam("application_id")
_INTEGRATION_AND_CONNECTION = _WITH_THEIRS.where(_OF_APPLICATION, ProviderConfig.name == bindparam("provider_name"))
_INTEGRATIONS_AND_CONNECTIONS = _WITH_THEIRS.where(_OF_APPLICATION).order_by(ProviderConfig.created_at, ProviderConfig.id)


def _integration_and_connection(row) -> tuple[Columns, Columns | None]:
    return columns_of(row, 0, _INTEGRATION_KEYS), columns_of(row, len(_INTEGRATION_KEYS), _CONNECTION_KEYS)


def integration_and_connection(session: Session, application_id: str, consumer_id: str, info: ProviderSpec
                               ) -> tuple[Columns, Columns | None]:
    """The application's integration of the provider and the consumer's connection to it (None if not connected), in
    one query, as read-only stand-ins; NotFound if the application has not enabled the provider."""
    found = session.connection().execute(_INTEGRATION_AND_CONNECTION, {
        "application_id": application_id, "consumer_id": consumer_id, "provider_name": info.name}).first()
    if found is None:
        raise NotFound(_NOT_ENABLED.format(info.name))
    return _integration_and_connection(found)


def integrations_and_connections(session: Session, application_id: str, consumer_id: str
                                 ) -> list[tuple[Columns, Columns | None]]:
    """Every integration of the application (as ``integrations``) with the consumer's connection to it (or None),
    in one query, as read-only stand-ins."""
    rows = session.connection().execute(_INTEGRATIONS_AND_CONNECTIONS,
                                        {"application_id": application_id, "consumer_id": consumer_id})
    pairs = [_integration_and_connection(row) for row in rows]
    return [(integration, connection) for integration, connection in pairs if registry.find(integration.name) is not None]


def find_connection(session: Session, customer: Customer | None, provider_name: str) -> Connection | None:
    if customer is None:
        return None
    return session.execute(
        select(Connection).where(Connection.customer_id == customer.id, Connection.provider_name == provider_name)
    ).scalar_one_or_none()


def get_consumer_connection(
    session: Session, application_id: str, consumer_id: str, unified_api: str, service_id: str
) -> tuple[ProviderSpec, Customer, Connection]:
    info = provider_info(unified_api, service_id)
    customer = find_customer(session, application_id, consumer_id)
    connection = find_connection(session, customer, info.name)
    if connection is None:
        raise NotFound(f"Consumer {consumer_id} has no {unified_api} connection with {service_id}.")
    return info.connected_by(connection.auth_type), customer, connection
