"""Look-ups behind the Vault's connections, always within one application."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from glue_api.customers.repository import find_customer
from glue_api.errors import NotFound
from glue_api.models import Connection, Customer, ProviderConfig
from glue_api.providers.repository import find_provider_by_name, list_providers
from glue_providers import registry
from glue_providers.spec import ProviderSpec


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
        raise NotFound(f"The {info.name} integration is not enabled for this application.")
    return integration


_CONSUMER_CONNECTIONS = (  # built once, given their values when run: building costs more CPU than running
    select(Connection).join(Customer, Customer.id == Connection.customer_id)
    .where(Customer.application_id == bindparam("application_id"), Customer.external_id == bindparam("consumer_id"))
)
_CONSUMER_CONNECTION = _CONSUMER_CONNECTIONS.where(Connection.provider_name == bindparam("provider_name"))


def consumer_connections(session: Session, application_id: str, consumer_id: str,
                         provider_name: str | None = None) -> dict[str, Connection]:
    """The consumer's connections by provider (only ``provider_name``'s if given); none if there is no such consumer.
    One query: the consumer is joined, not looked up first."""
    params = {"application_id": application_id, "consumer_id": consumer_id}
    if provider_name is None:
        found = session.execute(_CONSUMER_CONNECTIONS, params)
    else:
        found = session.execute(_CONSUMER_CONNECTION, params | {"provider_name": provider_name})
    return {row.provider_name: row for row in found.scalars()}


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
