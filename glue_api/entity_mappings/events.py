"""The Management API's ``entity.entity_mapping.created`` / ``.updated`` / ``.deleted`` webhooks."""

from __future__ import annotations

from sqlalchemy.orm import Session

from glue_api.events.service import record_event
from glue_api.models import Connection, ConnectionEntityMapping, Customer

ENTITY_MAPPING_CREATED = "entity.entity_mapping.created"
ENTITY_MAPPING_UPDATED = "entity.entity_mapping.updated"
ENTITY_MAPPING_DELETED = "entity.entity_mapping.deleted"
ENTITY_MAPPING_EVENTS = frozenset({ENTITY_MAPPING_CREATED, ENTITY_MAPPING_UPDATED, ENTITY_MAPPING_DELETED})


def record_entity_mapping_event(
    session: Session, connection: Connection, mapping: ConnectionEntityMapping, event_type: str
) -> None:
    """For a deletion, call before deleting: the payload names the object the mapping had."""
    customer = session.get(Customer, connection.customer_id)
    payload = {
        "webhook_event_type": event_type,
        "entity_id": mapping.entity_id,
        "application_id": connection.application_id,
        "connection_id": connection.id,
        "customer_id": customer.external_id,
        "provider_name": connection.provider_name,
        "result": "SUCCESS",
    }
    if mapping.object:
        payload |= {"object_name": mapping.object["name"], "object_type": mapping.object["type"]}
    record_event(session, connection.application_id, event_type, payload)
