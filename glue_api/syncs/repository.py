"""Queries behind /syncs and /sync-runs, always within one application."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from glue_api.connections.repository import get_connection
from glue_api.errors import BadRequest, NotFound
from glue_api.models import Connection, Customer, Sync, SyncRun


def syncs_query(application_id: str, customer_id: str | None, provider_name: str | None,
                object_type: str | None, object_name: str | None) -> Select:
    query = (
        select(Sync)
        .join(Connection, Connection.id == Sync.connection_id)
        .join(Customer, Customer.id == Connection.customer_id)
        .where(Connection.application_id == application_id)
    )
    if customer_id is not None:
        query = query.where(Customer.external_id == customer_id)
    if provider_name is not None:
        query = query.where(Connection.provider_name == provider_name)
    if object_type is not None:
        query = query.where(Sync.object_type == object_type)
    if object_name is not None:
        query = query.where(Sync.object == object_name)
    return query


def sync_runs_query(application_id: str, customer_id: str | None, provider_name: str | None,
                    object_type: str | None, object_name: str | None, status: str | None,
                    start: str | None, end: str | None) -> Select:
    query = (
        select(SyncRun)
        .join(Sync, Sync.id == SyncRun.sync_id)
        .join(Connection, Connection.id == Sync.connection_id)
        .join(Customer, Customer.id == Connection.customer_id)
        .where(Connection.application_id == application_id)
    )
    for column, value in ((Customer.external_id, customer_id), (Connection.provider_name, provider_name),
                          (Sync.object_type, object_type), (Sync.object, object_name)):
        if value is not None:
            query = query.where(column == value)
    if status is not None:
        query = query.where(func.upper(SyncRun.status) == status.upper())
    if start is not None:
        query = query.where(_comparison(SyncRun.start_timestamp, start, "start_timestamp"))
    if end is not None:
        query = query.where(_comparison(SyncRun.end_timestamp, end, "end_timestamp"))
    return query


def _comparison(column, expression: str, name: str):
    """``>2024-01-06T03:24:53Z`` or ``<...``: the spec's timestamp filters."""
    operator, moment = expression[:1], expression[1:]
    try:
        when = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    except ValueError:
        when = None
    if operator not in "<>" or not operator or when is None or when.tzinfo is None:
        raise BadRequest(f"{name} must be > or < followed by an ISO 8601 timestamp with a time zone.")
    return column > when if operator == ">" else column < when


def find_sync(session: Session, application_id: str, customer_id: str, provider_name: str,
              object_type: str, object_name: str) -> tuple[Sync, Connection, Customer]:
    customer, connection = get_connection(session, application_id, customer_id, provider_name)
    sync = session.execute(
        select(Sync).where(Sync.connection_id == connection.id, Sync.object_type == object_type, Sync.object == object_name)
    ).scalar_one_or_none()
    if sync is None:
        raise NotFound(f"Customer {customer_id} has no {object_type} {object_name} sync on {provider_name}.")
    return sync, connection, customer
