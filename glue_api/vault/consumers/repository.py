"""Consumer look-ups and request counts, always within one application."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from glue_api.customers.repository import find_customer
from glue_api.errors import NotFound
from glue_api.models import Connection, Customer, RequestLog

# Which of the Vault's request allocations each logged API counts towards: calls Glue
# makes to a provider for the consumer are raw provider calls, as through a proxy.
ALLOCATION_OF_API = {"vault": "vault", "mgmt": "vault", "provider": "proxy"}


@dataclass
class RequestCounts:
    unify: int = 0
    proxy: int = 0
    vault: int = 0
    total: int = 0
    last_request_at: datetime | None = None

    def allocation(self) -> dict[str, int]:
        return {"unify": self.unify, "proxy": self.proxy, "vault": self.vault}


def get_consumer(session: Session, application_id: str, consumer_id: str) -> Customer:
    customer = find_customer(session, application_id, consumer_id)
    if customer is None:
        raise NotFound(f"Consumer {consumer_id} was not found.")
    return customer


def consumer_and_connections(session: Session, application_id: str, consumer_id: str
                             ) -> tuple[Customer, list[Connection]]:
    """The consumer and its connections in one query (NotFound if there is no such consumer)."""
    rows = session.execute(
        select(Customer, Connection)
        .outerjoin(Connection, Connection.customer_id == Customer.id)
        .where(Customer.application_id == application_id, Customer.external_id == consumer_id)
        .order_by(Connection.created_at, Connection.id)
    ).all()
    if not rows:
        raise NotFound(f"Consumer {consumer_id} was not found.")  # as get_consumer says it
    return rows[0][0], [connection for _, connection in rows if connection is not None]


def consumers_query(application_id: str) -> Select:
    return select(Customer).where(Customer.application_id == application_id)


def connections_of(session: Session, customer: Customer) -> list[Connection]:
    return list(
        session.execute(
            select(Connection).where(Connection.customer_id == customer.id).order_by(Connection.created_at, Connection.id)
        ).scalars()
    )


def services_of(session: Session, customer_ids: list[str]) -> dict[str, list[str]]:
    services: dict[str, list[str]] = defaultdict(list)
    if customer_ids:
        rows = session.execute(
            select(Connection.customer_id, Connection.provider_name)
            .where(Connection.customer_id.in_(customer_ids))
            .order_by(Connection.created_at, Connection.id)
        )
        for customer_id, provider_name in rows:
            services[customer_id].append(provider_name)
    return services


def request_counts(
    session: Session, application_id: str, consumer_ids: list[str],
    start: datetime | None = None, end: datetime | None = None,
) -> dict[str, RequestCounts]:
    """Logged requests per consumer id (the application's own ids), optionally within [start, end)."""
    counts: dict[str, RequestCounts] = defaultdict(RequestCounts)
    if not consumer_ids:
        return counts
    query = (
        select(RequestLog.consumer_id, RequestLog.api, func.count(), func.max(RequestLog.created_at))
        .where(RequestLog.application_id == application_id, RequestLog.consumer_id.in_(consumer_ids))
        .group_by(RequestLog.consumer_id, RequestLog.api)
    )
    if start is not None:
        query = query.where(RequestLog.created_at >= start)
    if end is not None:
        query = query.where(RequestLog.created_at < end)
    for consumer_id, api, count, last in session.execute(query):
        entry = counts[consumer_id]
        allocation = ALLOCATION_OF_API.get(api)
        if allocation is not None:
            setattr(entry, allocation, getattr(entry, allocation) + count)
        entry.total += count
        if last is not None and (entry.last_request_at is None or last > entry.last_request_at):
            entry.last_request_at = last
    return counts
