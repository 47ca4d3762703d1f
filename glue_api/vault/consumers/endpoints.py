"""Vault API: consumers (the application's customers)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session

from glue_api.deps import ReadsRequestLogs, SessionDep
from glue_api.errors import BadRequest
from glue_api.models import Connection, Customer
from glue_api.one_hop import one_hop
from glue_api.pagination import paginate
from glue_api.vault.auth import VaultApplication
from glue_api.vault.consumers import repository, service
from glue_api.vault.consumers.repository import RequestCounts
from glue_api.vault.consumers.schemas import ConsumerCreate, ConsumerUpdate
from glue_api.vault.consumers.views import consumer_view, listed_consumer_view
from glue_api.vault.envelope import envelope
from glue_api.vault.presenters import iso_z

router = APIRouter(tags=["vault"])

DEFAULT_LIMIT, MAX_LIMIT = 20, 200


def _one_consumer(session, customer: Customer, connections: list[Connection] | None = None,
                  counts: RequestCounts | None = None) -> dict:
    if counts is None:
        counts = repository.request_counts(session, customer.application_id, [customer.external_id])[customer.external_id]
    if connections is None:
        connections = repository.connections_of(session, customer)
    services = [c.provider_name for c in connections]
    return consumer_view(customer, counts, services, connections)


@router.post("/consumers")
def add_consumer(body: ConsumerCreate, application: VaultApplication, session: SessionDep) -> dict:
    customer = service.add_consumer(session, application.id, body)
    return envelope(_one_consumer(session, customer))


@router.get("/consumers")
@one_hop
def list_consumers(
    request: Request, application: VaultApplication, session: Session,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> dict:
    page = paginate(
        session, repository.CONSUMERS[session.bind.dialect.name], [Customer.created_at, Customer.id], cursor or None,
        limit, [datetime.fromisoformat, str], count_total=False, params={"application_id": application.id},
        as_rows=True,
    )
    data = [listed_consumer_view(row) for row in page.items]
    base = f"{request.app.state.settings.public_url.rstrip('/')}/vault/consumers"

    def link(page_cursor: str | None) -> str:
        query = {"limit": limit} | ({"cursor": page_cursor} if page_cursor else {})
        return f"{base}?{urlencode(query)}"

    meta = {"items_on_page": len(data), "cursors": {"previous": page.previous, "current": cursor or None, "next": page.next}}
    links = {
        "previous": link(page.previous) if page.previous else None,
        "current": link(cursor),
        "next": link(page.next) if page.next else None,
    }
    return envelope(data, meta=meta, links=links)


@router.get("/consumers/{consumer_id}")
@one_hop
def get_consumer(consumer_id: str, application: VaultApplication, session: Session) -> dict:
    return envelope(_one_consumer(session, *repository.consumer_and_connections(session, application.id, consumer_id)))


@router.patch("/consumers/{consumer_id}")
def update_consumer(consumer_id: str, body: ConsumerUpdate, application: VaultApplication, session: SessionDep) -> dict:
    customer = service.update_consumer(session, application.id, consumer_id, body)
    return envelope(_one_consumer(session, customer))


@router.delete("/consumers/{consumer_id}")
def delete_consumer(consumer_id: str, application: VaultApplication, session: SessionDep) -> dict:
    service.delete_consumer(session, application.id, consumer_id)
    return envelope({"consumer_id": consumer_id})


# Stats count every request answered before; a consumer's own counts may lag by the log flush interval.
@router.get("/consumers/{consumer_id}/stats", dependencies=[ReadsRequestLogs])
def consumer_request_counts(
    consumer_id: str, start_datetime: str, end_datetime: str, application: VaultApplication, session: SessionDep
) -> dict:
    start = service.parse_moment(start_datetime, "start_datetime")
    end = service.parse_moment(end_datetime, "end_datetime")
    if end < start:
        raise BadRequest("end_datetime must not be before start_datetime.")
    customer = repository.get_consumer(session, application.id, consumer_id)
    counts = repository.request_counts(session, application.id, [customer.external_id], start, end)[customer.external_id]
    return envelope({
        "application_id": application.id,
        "consumer_id": customer.external_id,
        "start_datetime": iso_z(start),
        "end_datetime": iso_z(end),
        "aggregated_request_count": counts.total,
        "request_counts": counts.allocation(),
    })
