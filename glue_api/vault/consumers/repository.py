"""Consumer look-ups and request counts, always within one application."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, literal, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session

from glue_api.customers.repository import find_customer
from glue_api.errors import NotFound
from glue_api.models import Connection, Customer, RequestCount, RequestLog

# Which of the Vault's request allocations each logged API counts towards: calls Glue
# makes to a provider for the consumer are raw provider calls, as through a proxy. The request-count triggers
# (migration 0010) count by the same allocations.
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
                             ) -> tuple[Customer, list[Connection], RequestCounts]:
    """The consumer, its connections and its request counts in one query (NotFound if there is no such consumer)."""
    rows = session.execute(_CONSUMER_CONNECTIONS_AND_COUNTS,
                           {"application_id": application_id, "external_id": consumer_id}).all()
    if not rows:
        raise NotFound(f"Consumer {consumer_id} was not found.")  # as get_consumer says it
    customer, _, *counters = rows[0]
    return customer, [row[1] for row in rows if row[1] is not None], counted(*counters)


def counted(total: int | None, vault: int | None, proxy: int | None, last: datetime | None) -> RequestCounts:
    """A consumer's counters as read (all None when it has made no request yet)."""
    return RequestCounts(vault=vault or 0, proxy=proxy or 0, total=total or 0, last_request_at=last)


# A consumer's counters, in the order each statement below reads them.
COUNTER_COLUMNS = (RequestCount.requests, RequestCount.vault_requests, RequestCount.proxy_requests,
                   RequestCount.last_request_at)
_OF_THE_CUSTOMER = and_(RequestCount.application_id == Customer.application_id,
                        RequestCount.consumer_id == Customer.external_id)
_CONSUMER_CONNECTIONS_AND_COUNTS = (
    select(Customer, Connection, *COUNTER_COLUMNS)
    .select_from(Customer).outerjoin(RequestCount, _OF_THE_CUSTOMER)
    .outerjoin(Connection, Connection.customer_id == Customer.id)
    .where(Customer.application_id == bindparam("application_id"), Customer.external_id == bindparam("external_id"))
    .order_by(Connection.created_at, Connection.id)
)


def _services(dialect: str) -> ColumnElement:
    """The customer's providers, comma-separated (provider names have no comma), in the order they were connected."""
    of_the_customer = Connection.customer_id == Customer.id
    if dialect == "postgresql":
        ordered = aggregate_order_by(literal(","), Connection.created_at, Connection.id)
        return select(func.string_agg(Connection.provider_name, ordered)).where(of_the_customer).scalar_subquery()
    # SQLite has no ORDER BY within an aggregate before 3.44; it aggregates an ordered subquery in its order.
    connected = (select(Connection.provider_name).where(of_the_customer).order_by(Connection.created_at, Connection.id)
                 .correlate(Customer).subquery())
    return select(func.group_concat(connected.c.provider_name, ",")).scalar_subquery()


def _consumers(dialect: str) -> Select:
    # The counters as scalar subqueries, not a join: both stores run them for the page's rows only (after the
    # sort and limit), where a join may be planned over every customer of the application.
    counters = [select(column).where(_OF_THE_CUSTOMER).scalar_subquery().label(column.key) for column in COUNTER_COLUMNS]
    return (
        select(Customer.id, Customer.application_id, Customer.external_id, Customer.name, Customer.email,
               Customer.consumer_metadata, Customer.created_at, Customer.updated_at, *counters,
               _services(dialect).label("services"))
        .where(Customer.application_id == bindparam("application_id"))
    )


# The application's consumers as the list shows them, with their request counts and services, for
# paginate(..., params={"application_id": ...}, as_rows=True): built once per store dialect, read as rows of
# (id, application_id, external_id, name, email, consumer_metadata, created_at, updated_at, requests,
# vault_requests, proxy_requests, last_request_at, services) — views.listed_consumer_view unpacks them so.
CONSUMERS = {dialect: _consumers(dialect) for dialect in ("postgresql", "sqlite")}


def connections_of(session: Session, customer: Customer) -> list[Connection]:
    return list(
        session.execute(
            select(Connection).where(Connection.customer_id == customer.id).order_by(Connection.created_at, Connection.id)
        ).scalars()
    )


# Statements built once, given their values when run (building one costs more CPU than running it). They select
# columns, no ORM entity: they run on the session's connection, as Core statements, with nothing for the ORM to load.
# Counts over all time read the counters the request-log triggers keep; counts within a window count the logs.
_COUNTERS_OF_CONSUMERS = (
    select(RequestCount.consumer_id, *COUNTER_COLUMNS)
    .where(RequestCount.application_id == bindparam("application_id"),
           RequestCount.consumer_id.in_(bindparam("consumer_ids", expanding=True)))
)
_COUNTS_WITHIN = (
    select(RequestLog.consumer_id, RequestLog.api, func.count(), func.max(RequestLog.created_at))
    .where(RequestLog.application_id == bindparam("application_id"),
           RequestLog.consumer_id.in_(bindparam("consumer_ids", expanding=True)),
           RequestLog.created_at >= bindparam("start"), RequestLog.created_at < bindparam("end"))
    .group_by(RequestLog.consumer_id, RequestLog.api)
)


def request_counts(
    session: Session, application_id: str, consumer_ids: list[str],
    start: datetime | None = None, end: datetime | None = None,
) -> dict[str, RequestCounts]:
    """Logged requests per consumer id (the application's own ids), within [start, end) if both are given."""
    counts: dict[str, RequestCounts] = defaultdict(RequestCounts)
    if not consumer_ids:
        return counts
    params = {"application_id": application_id, "consumer_ids": consumer_ids}
    if start is None or end is None:
        for consumer_id, *counters in session.connection().execute(_COUNTERS_OF_CONSUMERS, params):
            counts[consumer_id] = counted(*counters)
        return counts
    within = params | {"start": start, "end": end}
    for consumer_id, api, count, last in session.connection().execute(_COUNTS_WITHIN, within):
        _count(counts[consumer_id], api, count, last)
    return counts


def _count(entry: RequestCounts, api: str, count: int, last: datetime | None) -> None:
    allocation = ALLOCATION_OF_API.get(api)
    if allocation is not None:
        setattr(entry, allocation, getattr(entry, allocation) + count)
    entry.total += count
    if last is not None and (entry.last_request_at is None or last > entry.last_request_at):
        entry.last_request_at = last
