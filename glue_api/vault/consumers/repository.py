"""Consumer look-ups and request counts, always within one application."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, String, cast, func, literal, null, select, union_all
from sqlalchemy.orm import Session

from glue_api.connections.repository import customer_rows
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
    rows = customer_rows(session, application_id, consumer_id,
                         f"Consumer {consumer_id} was not found.")  # as get_consumer says it
    return rows[0][0], [connection for _, connection in rows if connection is not None]


def consumers_query(application_id: str) -> Select:
    return select(Customer).where(Customer.application_id == application_id)


def connections_of(session: Session, customer: Customer) -> list[Connection]:
    return list(
        session.execute(
            select(Connection).where(Connection.customer_id == customer.id).order_by(Connection.created_at, Connection.id)
        ).scalars()
    )


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
        _count(counts[consumer_id], api, count, last)
    return counts


def _count(entry: RequestCounts, api: str, count: int, last: datetime | None) -> None:
    allocation = ALLOCATION_OF_API.get(api)
    if allocation is not None:
        setattr(entry, allocation, getattr(entry, allocation) + count)
    entry.total += count
    if last is not None and (entry.last_request_at is None or last > entry.last_request_at):
        entry.last_request_at = last


def counts_and_services(session: Session, application_id: str, customers: list[Customer]
                        ) -> tuple[dict[str, RequestCounts], dict[str, list[str]]]:
    """A page of consumers' request counts (by external id) and services (by customer id, in the order their
    connections were made) in one round trip: a UNION ALL of both queries, told apart by their first column."""
    counts: dict[str, RequestCounts] = defaultdict(RequestCounts)
    services: dict[str, list[str]] = defaultdict(list)
    if not customers:
        return counts, services
    logged = (
        select(literal("log").label("kind"), RequestLog.consumer_id.label("owner"), RequestLog.api.label("name"),
               func.count().label("n"), func.max(RequestLog.created_at).label("at"), cast(null(), String).label("id"))
        .where(RequestLog.application_id == application_id,
               RequestLog.consumer_id.in_([c.external_id for c in customers]))
        .group_by(RequestLog.consumer_id, RequestLog.api)
    )
    connected = (
        select(literal("service"), Connection.customer_id, Connection.provider_name, literal(0),
               Connection.created_at, Connection.id)
        .where(Connection.customer_id.in_([c.id for c in customers]))
    )
    both = union_all(logged, connected).subquery()
    for kind, owner, name, count, at, _ in session.execute(select(both).order_by(both.c.at, both.c.id)):
        if kind == "log":
            _count(counts[owner], name, count, at)
        else:
            services[owner].append(name)
    return counts, services
