"""Custom mappings: a connection's own JSONPath for a target field of the unified model."""

from __future__ import annotations

from sqlalchemy.orm import Session

from glue_api.errors import Conflict
from glue_api.models import Connection, CustomMapping
from glue_api.vault.custom_mappings.repository import find_mapping, get_mapping


def create_mapping(session: Session, connection: Connection, target_field_id: str, value: str) -> CustomMapping:
    if find_mapping(session, connection, target_field_id) is not None:
        raise Conflict(f"The connection already has a custom mapping for {target_field_id}; update it with PATCH.")
    mapping = CustomMapping(connection_id=connection.id, target_field_id=target_field_id, value=value)
    session.add(mapping)
    session.flush()
    return mapping


def update_mapping(session: Session, connection: Connection, target_field_id: str, value: str) -> CustomMapping:
    mapping = get_mapping(session, connection, target_field_id)
    mapping.value = value
    session.flush()
    return mapping


def delete_mapping(session: Session, connection: Connection, target_field_id: str) -> None:
    session.delete(get_mapping(session, connection, target_field_id))
    session.flush()
