"""Custom mapping look-ups: always through the consumer's connection, within one application."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from glue_api.connections.repository import find_connection
from glue_api.customers.repository import find_customer
from glue_api.errors import NotFound
from glue_api.models import Connection, Customer, CustomMapping
from glue_providers import registry


def consumer_connection(
    session: Session, application_id: str, consumer_id: str, unified_api: str, service_id: str
) -> tuple[Customer, Connection]:
    info = registry.find(service_id)
    customer = find_customer(session, application_id, consumer_id)
    connection = find_connection(session, customer, service_id) if customer is not None else None
    if info is None or info.unified_api != unified_api or connection is None:
        raise NotFound(f"Consumer {consumer_id} has no {unified_api}/{service_id} connection.")
    return customer, connection


def find_mapping(session: Session, connection: Connection, target_field_id: str) -> CustomMapping | None:
    return session.execute(
        select(CustomMapping).where(
            CustomMapping.connection_id == connection.id, CustomMapping.target_field_id == target_field_id
        )
    ).scalar_one_or_none()


def get_mapping(session: Session, connection: Connection, target_field_id: str) -> CustomMapping:
    mapping = find_mapping(session, connection, target_field_id)
    if mapping is None:
        raise NotFound(f"The connection has no custom mapping for {target_field_id}.")
    return mapping
