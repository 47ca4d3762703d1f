"""Consumer look-ups and request counts, always within one application."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import BigInteger, Row, String, bindparam, case, cast, func, literal, null, select, true, union_all
from sqlalchemy.orm import Session

from glue_api.customers.repository import find_customer
from glue_api.errors import NotFound
from glue_api.models import Connection, Customer, RequestCount, RequestLog

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
                             ) -> tuple[Customer, list[Connection], RequestCounts]:
    """The consumer, its connections and its request counts in one query (NotFound if there is no such consumer)."""
    rows = session.execute(_CONSUMER_CONNECTIONS_AND_COUNTS,
                           {"application_id": application_id, "external_id": consumer_id}).all()
    if not rows:
        raise NotFound(f"Consumer {consumer_id} was not found.")  # as get_consumer says it
    customer, _, total, vault, proxy, last = rows[0]
    counts = RequestCounts(vault=vault or 0, proxy=proxy or 0, total=total or 0, last_request_at=last)
    return customer, [row[1] for row in rows if row[1] is not None], counts


def _counted_as(allocation: str):
    apis = [api for api, allocated in ALLOCATION_OF_API.items() if allocated == allocation]
    return _total(case((RequestCount.api.in_(apis), RequestCount.requests), else_=0))


def _total(counts):
    return cast(func.sum(counts), BigInteger)  # PostgreSQL sums bigints as numeric


# One consumer's request counts, as request_counts counts them: one row, whatever the counts hold.
_COUNTED = (
    select(_total(RequestCount.requests).label("total"), _counted_as("vault").label("vault"),
           _counted_as("proxy").label("proxy"), func.max(RequestCount.last_request_at).label("last"))
    .where(RequestCount.application_id == bindparam("application_id"),
           RequestCount.consumer_id == bindparam("external_id"))
).subquery()
_CONSUMER_CONNECTIONS_AND_COUNTS = (
    select(Customer, Connection, _COUNTED.c.total, _COUNTED.c.vault, _COUNTED.c.proxy, _COUNTED.c.last)
    .select_from(Customer).join(_COUNTED, true()).outerjoin(Connection, Connection.customer_id == Customer.id)
    .where(Customer.application_id == bindparam("application_id"), Customer.external_id == bindparam("external_id"))
    .order_by(Connection.created_at, Connection.id)
)


# The application's consumers as the list shows them, for paginate(..., params={"application_id": ...},
# as_rows=True): built once, read as rows of these columns (no ORM object to build for each).
CONSUMERS = select(
    Customer.id, Customer.application_id, Customer.external_id, Customer.name, Customer.email,
    Customer.consumer_metadata, Customer.created_at, Customer.updated_at,
).where(Customer.application_id == bindparam("application_id"))


def connections_of(session: Session, customer: Customer) -> list[Connection]:
    return list(
        session.execute(
            select(Connection).where(Connection.customer_id == customer.id).order_by(Connection.created_at, Connection.id)
        ).scalars()
    )


# Statements built once, given their values when run (building one costs more CPU than running it). They select
# columns, no ORM entity: they run on the session's connection, as Core statements, with nothing for the ORM to load.
# Counts over all time read the counters the request-log triggers keep; counts within a window count the logs.
_COUNTERS = (
    select(RequestCount.consumer_id, RequestCount.api, RequestCount.requests, RequestCount.last_request_at)
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
_BOTH = union_all(  # a page's request counts and services, told apart by their first column
    select(literal("log").label("kind"), RequestCount.consumer_id.label("owner"), RequestCount.api.label("name"),
           RequestCount.requests.label("n"), RequestCount.last_request_at.label("at"),
           cast(null(), String).label("id"))
    .where(RequestCount.application_id == bindparam("application_id"),
           RequestCount.consumer_id.in_(bindparam("consumer_ids", expanding=True))),
    select(literal("service"), Connection.customer_id, Connection.provider_name, literal(0),
           Connection.created_at, Connection.id)
    .where(Connection.customer_id.in_(bindparam("customer_ids", expanding=True))),
).subquery()
_COUNTS_AND_SERVICES = select(_BOTH).order_by(_BOTH.c.at, _BOTH.c.id)


def request_counts(
    session: Session, application_id: str, consumer_ids: list[str],
    start: datetime | None = None, end: datetime | None = None,
) -> dict[str, RequestCounts]:
    """Logged requests per consumer id (the application's own ids), within [start, end) if both are given."""
    counts: dict[str, RequestCounts] = defaultdict(RequestCounts)
    if not consumer_ids:
        return counts
    params = {"application_id": application_id, "consumer_ids": consumer_ids}
    if start is not None and end is not None:
        found = session.connection().execute(_COUNTS_WITHIN, params | {"start": start, "end": end})
    else:
        found = session.connection().execute(_COUNTERS, params)
    for consumer_id, api, count, last in found:
        _count(counts[consumer_id], api, count, last)
    return counts


def _count(entry: RequestCounts, api: str, count: int, last: datetime | None) -> None:
    allocation = ALLOCATION_OF_API.get(api)
    if allocation is not None:
        setattr(entry, allocation, getattr(entry, allocation) + count)
    entry.total += count
    if last is not None and (entry.last_request_at is None or last > entry.last_request_at):
        entry.last_request_at = last


def counts_and_services(session: Session, application_id: str, customers: list[Customer] | list[Row]
                        ) -> tuple[dict[str, RequestCounts], dict[str, list[str]]]:
    """A page of consumers' request counts (by external id) and services (by customer id, in the order their
    connections were made) in one round trip: a UNION ALL of both queries, told apart by their first column."""
    counts: dict[str, RequestCounts] = defaultdict(RequestCounts)
    services: dict[str, list[str]] = defaultdict(list)
    if not customers:
        return counts, services
    params = {"application_id": application_id, "consumer_ids": [c.external_id for c in customers],
              "customer_ids": [c.id for c in customers]}
    for kind, owner, name, count, at, _ in session.connection().execute(_COUNTS_AND_SERVICES, params):
        if kind == "log":
            _count(counts[owner], name, count, at)
        else:
            services[owner].append(name)
    return counts, services
