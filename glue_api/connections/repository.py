"""Connection look-ups, always within one application."""

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from glue_api.errors import NotFound
from glue_api.models import Connection, ConnectionSyncConfig, Customer


def connections_of_customer(session: Session, customer: Customer) -> list[Connection]:
    return list(
        session.execute(
            select(Connection).where(Connection.customer_id == customer.id).order_by(Connection.created_at, Connection.id)
        ).scalars()
    )


def customer_and_connections(session: Session, application_id: str, customer_external_id: str
                             ) -> tuple[Customer, list[Connection]]:
    """The customer and its connections in one query (NotFound if there is no such customer)."""
    rows = session.execute(
        select(Customer, Connection)
        .outerjoin(Connection, Connection.customer_id == Customer.id)
        .where(Customer.application_id == application_id, Customer.external_id == customer_external_id)
        .order_by(Connection.created_at, Connection.id)
    ).all()
    if not rows:
        raise NotFound(f"Customer {customer_external_id} was not found.")  # as get_customer says it
    return rows[0][0], [connection for _, connection in rows if connection is not None]


def find_connection(session: Session, customer: Customer, provider_name: str) -> Connection | None:
    return session.execute(
        select(Connection).where(Connection.customer_id == customer.id, Connection.provider_name == provider_name)
    ).scalar_one_or_none()


def get_connection(session: Session, application_id: str, customer_external_id: str, provider_name: str) -> tuple[Customer, Connection]:
    # One query for both: the customer, and its connection to the provider if it has one.
    found = session.execute(
        select(Customer, Connection)
        .outerjoin(Connection, and_(Connection.customer_id == Customer.id, Connection.provider_name == provider_name))
        .where(Customer.application_id == application_id, Customer.external_id == customer_external_id)
    ).one_or_none()
    if found is None:
        raise NotFound(f"Customer {customer_external_id} was not found.")  # as get_customer says it
    customer, connection = found
    if connection is None:
        raise NotFound(f"Customer {customer_external_id} has no {provider_name} connection.")
    return customer, connection


def connection_sync_config_of(session: Session, connection: Connection) -> ConnectionSyncConfig | None:
    return session.get(ConnectionSyncConfig, connection.id)
