"""Connection look-ups, always within one application."""

from sqlalchemy import and_, bindparam, exists, select
from sqlalchemy.orm import Session

from glue_api.errors import NotFound
from glue_api.models import (
    Connection, ConnectionEntityMapping, ConnectionFieldMappings, ConnectionSyncConfig, Customer,
)

# Whether a connection has sync-config overrides, field mappings, entity mappings (most have none of them).
Extras = tuple[bool, bool, bool]
NO_EXTRAS: Extras = (False, False, False)


def extras_columns() -> tuple:
    """Three EXISTS columns, correlated to Connection.id, that say which of a connection's extras it has."""
    return (
        exists().where(ConnectionSyncConfig.connection_id == Connection.id),
        exists().where(ConnectionFieldMappings.connection_id == Connection.id),
        exists().where(ConnectionEntityMapping.connection_id == Connection.id),
    )


_OF_CUSTOMER = (Customer.application_id == bindparam("application_id"), Customer.external_id == bindparam("external_id"))
# Built once, given their values when run (building a statement costs more CPU than running it).
_CUSTOMER_CONNECTIONS_AND_EXTRAS = (
    select(Customer, Connection, *extras_columns()).outerjoin(Connection, Connection.customer_id == Customer.id)
    .where(*_OF_CUSTOMER).order_by(Connection.created_at, Connection.id)
)
_CONNECTION_AND_EXTRAS = (
    select(Customer, Connection, *extras_columns())
    .outerjoin(Connection, and_(Connection.customer_id == Customer.id,
                                Connection.provider_name == bindparam("provider_name")))
    .where(*_OF_CUSTOMER)
)


def connections_of_customer(session: Session, customer: Customer) -> list[Connection]:
    return list(
        session.execute(
            select(Connection).where(Connection.customer_id == customer.id).order_by(Connection.created_at, Connection.id)
        ).scalars()
    )


def customer_connections_and_extras(session: Session, application_id: str, customer_external_id: str
                                    ) -> tuple[Customer, list[Connection], dict[str, Extras]]:
    """The customer, its connections (oldest first) and their extras in one query (NotFound if there is no such
    customer)."""
    rows = session.execute(_CUSTOMER_CONNECTIONS_AND_EXTRAS,
                           {"application_id": application_id, "external_id": customer_external_id}).all()
    if not rows:
        raise NotFound(f"Customer {customer_external_id} was not found.")  # as get_customer says it
    connections = [row[1] for row in rows if row[1] is not None]
    extras = {row[1].id: (bool(row[2]), bool(row[3]), bool(row[4])) for row in rows if row[1] is not None}
    return rows[0][0], connections, extras


def find_connection(session: Session, customer: Customer, provider_name: str) -> Connection | None:
    return session.execute(
        select(Connection).where(Connection.customer_id == customer.id, Connection.provider_name == provider_name)
    ).scalar_one_or_none()


def get_connection(session: Session, application_id: str, customer_external_id: str, provider_name: str) -> tuple[Customer, Connection]:
    customer, connection, _ = connection_and_extras(session, application_id, customer_external_id, provider_name)
    return customer, connection


def connection_and_extras(session: Session, application_id: str, customer_external_id: str, provider_name: str
                          ) -> tuple[Customer, Connection, Extras]:
    """The customer and its connection to the provider, with the connection's extras, in one query."""
    found = session.execute(_CONNECTION_AND_EXTRAS, {
        "application_id": application_id, "external_id": customer_external_id, "provider_name": provider_name,
    }).one_or_none()
    if found is None:
        raise NotFound(f"Customer {customer_external_id} was not found.")  # as get_customer says it
    customer, connection, *extras = found
    if connection is None:
        raise NotFound(f"Customer {customer_external_id} has no {provider_name} connection.")
    return customer, connection, (bool(extras[0]), bool(extras[1]), bool(extras[2]))


def connection_sync_config_of(session: Session, connection: Connection) -> ConnectionSyncConfig | None:
    return session.get(ConnectionSyncConfig, connection.id)
