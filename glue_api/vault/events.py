"""``vault.connection.*`` events, written to the outbox in the caller's transaction."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from glue_api.events.service import record_event
from glue_api.models import Connection, Customer, Event
from glue_api.models.base import utcnow
from glue_api.vault.presenters import consumer_connection_view, iso_z

CONNECTION_EVENTS = {
    "vault.connection.created",
    "vault.connection.updated",
    "vault.connection.disabled",
    "vault.connection.deleted",
    "vault.connection.callable",
    "vault.connection.revoked",
    "vault.connection.token_refresh.failed",
}


def record_connection_event(session: Session, connection: Connection, customer: Customer, event_type: str) -> Event:
    """The payload is built now, so a deleted connection's event still describes it."""
    if event_type not in CONNECTION_EVENTS:
        raise ValueError(f"unknown connection event {event_type}")
    event_id = str(uuid.uuid4())
    payload = {
        "event_id": event_id,
        "event_type": event_type,
        "service_id": connection.provider_name,
        "entity_id": connection.id,
        "entity_type": "Connection",
        "entity": consumer_connection_view(connection, customer),
        "occurred_at": iso_z(utcnow()),
    }
    event = record_event(session, connection.application_id, event_type, payload)
    event.id = event_id  # the event id doubles as the idempotency key of every delivery attempt
    return event
