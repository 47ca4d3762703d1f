"""The Management API's ``object.field_mapping.created`` / ``.updated`` webhooks."""

from __future__ import annotations

from sqlalchemy.orm import Session

from glue_api.events.service import record_event
from glue_api.models import Connection, Customer

FIELD_MAPPING_CREATED, FIELD_MAPPING_UPDATED = "object.field_mapping.created", "object.field_mapping.updated"
FIELD_MAPPING_EVENTS = frozenset({FIELD_MAPPING_CREATED, FIELD_MAPPING_UPDATED})


def record_field_mapping_event(
    session: Session, connection: Connection, object_type: str, object_name: str, schema_id: str, created: bool
) -> None:
    event_type = FIELD_MAPPING_CREATED if created else FIELD_MAPPING_UPDATED
    customer = session.get(Customer, connection.customer_id)
    record_event(session, connection.application_id, event_type, {
        "webhook_event_type": event_type,
        "connection_id": connection.id,
        "application_id": connection.application_id,
        "customer_id": customer.external_id,
        "provider_name": connection.provider_name,
        "object_name": object_name,
        "object_type": object_type,
        "schema_id": schema_id,
        "result": "SUCCESS",
    })
