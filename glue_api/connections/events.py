"""The Management API's connection webhooks: ``connection.created`` and ``connection.deleted``."""

from __future__ import annotations

from sqlalchemy.orm import Session

from glue_api.events.service import record_event
from glue_api.models import Connection, Customer

CONNECTION_CREATED, CONNECTION_DELETED = "connection.created", "connection.deleted"
MANAGEMENT_CONNECTION_EVENTS = frozenset({CONNECTION_CREATED, CONNECTION_DELETED})


def record_connection_created(session: Session, connection: Connection, customer: Customer) -> None:
    _record(session, CONNECTION_CREATED, connection, customer)


def record_connection_deleted(session: Session, connection: Connection, customer: Customer) -> None:
    """Call before deleting: the payload describes the connection as it was."""
    _record(session, CONNECTION_DELETED, connection, customer)


def _record(session: Session, event_type: str, connection: Connection, customer: Customer) -> None:
    record_event(session, connection.application_id, event_type, {
        "webhook_event_type": event_type,
        "connection_id": connection.id,
        "customer_id": customer.external_id,
        "provider_id": connection.provider_id,
        "category": connection.category,
        "provider_name": connection.provider_name,
        "result": "SUCCESS",
    })
