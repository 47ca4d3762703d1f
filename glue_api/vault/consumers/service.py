"""Consumers are the application's customers: the same rows the Management API manages."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy.orm import Session

from glue_api.customers.ids import check_customer_id
from glue_api.customers.repository import find_customer
from glue_api.errors import BadRequest
from glue_api.models import Customer
from glue_api.vault.consumers.repository import connections_of, get_consumer
from glue_api.vault.consumers.schemas import (
    ConsumerCreate,
    ConsumerMetadataIn,
    ConsumerUpdate,
)
from glue_api.vault.events import record_connection_event


def ensure_consumer(session: Session, application_id: str, consumer_id: str) -> Customer:
    """The Vault upserts a consumer the first time an operation names it."""
    customer = find_customer(session, application_id, consumer_id)
    if customer is None:
        check_customer_id(consumer_id, "consumer_id")
        customer = Customer(application_id=application_id, external_id=consumer_id, name="", email="")
        session.add(customer)
        session.flush()
    return customer


def add_consumer(session: Session, application_id: str, body: ConsumerCreate) -> Customer:
    """Adding a consumer that exists updates its metadata: consumers are upserted by id."""
    customer = ensure_consumer(session, application_id, body.consumer_id)
    if body.metadata is not None:
        _merge_metadata(customer, body.metadata)
    session.flush()
    return customer


def update_consumer(session: Session, application_id: str, consumer_id: str, body: ConsumerUpdate) -> Customer:
    customer = get_consumer(session, application_id, consumer_id)
    if body.metadata is not None:
        _merge_metadata(customer, body.metadata)
    session.flush()
    return customer


def delete_consumer(session: Session, application_id: str, consumer_id: str) -> None:
    """Connections and their sealed credentials go with the consumer (ON DELETE CASCADE)."""
    customer = get_consumer(session, application_id, consumer_id)
    for connection in connections_of(session, customer):
        record_connection_event(session, connection, customer, "vault.connection.deleted")
    session.delete(customer)
    session.flush()


def _merge_metadata(customer: Customer, metadata: ConsumerMetadataIn) -> None:
    """Only the keys sent change; the Management API's name and email follow the metadata."""
    sent = metadata.model_dump(exclude_unset=True)
    merged = dict(customer.consumer_metadata or {})
    for key, value in sent.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    customer.consumer_metadata = merged
    if "account_name" in sent or "user_name" in sent:
        customer.name = merged.get("account_name") or merged.get("user_name") or ""
    if "email" in sent:
        customer.email = merged.get("email") or ""


def parse_moment(value: str, name: str) -> datetime:
    """An ISO 8601 date-time; one without a zone is taken as UTC."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise BadRequest(f"{name} must be an ISO 8601 date-time such as 2021-05-01T12:00:00.000Z.") from None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
