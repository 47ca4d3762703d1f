"""Look-ups behind the Vault's connections, always within one application."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, aliased

from glue_api.customers.repository import find_customer
from glue_api.errors import NotFound
from glue_api.models import Connection, Customer, ProviderConfig
from glue_api.providers.repository import find_provider_by_name, list_providers
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


# Built once, given their values when run (building a statement costs more CPU than running it).
_THEIRS = aliased(Connection, (  # the consumer's connections
    select(Connection).join(Customer, Customer.id == Connection.customer_id)
    .where(Customer.application_id == bindparam("application_id"), Customer.external_id == bindparam("consumer_id"))
).subquery())
_WITH_THEIRS = select(ProviderConfig, _THEIRS).outerjoin(_THEIRS, _THEIRS.provider_name == ProviderConfig.name)
_OF_APPLICATION = ProviderConfig.application_id == bindparam("application_id")
_INTEGRATION_AND_CONNECTION = _WITH_THEIRS.where(_OF_APPLICATION, ProviderConfig.name == bindparam("provider_name"))
_INTEGRATIONS_AND_CONNECTIONS = _WITH_THEIRS.where(_OF_APPLICATION).order_by(ProviderConfig.created_at, ProviderConfig.id)


def integration_and_connection(session: Session, application_id: str, consumer_id: str, info: ProviderSpec
                               ) -> tuple[ProviderConfig, Connection | None]:
    """The application's integration of the provider and the consumer's connection to it (None if not connected), in
    one query; NotFound if the application has not enabled the provider."""
    found = session.execute(_INTEGRATION_AND_CONNECTION, {
        "application_id": application_id, "consumer_id": consumer_id, "provider_name": info.name}).first()
    if found is None:
        raise NotFound(_NOT_ENABLED.format(info.name))
    return found[0], found[1]


def integrations_and_connections(session: Session, application_id: str, consumer_id: str
                                 ) -> list[tuple[ProviderConfig, Connection | None]]:
    """Every integration of the application (as ``integrations``) with the consumer's connection to it (or None),
    in one query."""
    rows = session.execute(_INTEGRATIONS_AND_CONNECTIONS, {"application_id": application_id, "consumer_id": consumer_id})
    return [(integration, connection) for integration, connection in rows if registry.find(integration.name) is not None]


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
