"""Management API: /syncs and /sync-runs."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query
from sqlalchemy import select

from glue_api.deps import MgmtApplication, SessionDep
from glue_api.errors import BadRequest, Conflict
from glue_api.models import Connection, Customer, Sync, SyncRun
from glue_api.models.base import utcnow
from glue_api.pagination import page_size_from, paginate
from glue_api.syncs import repository
from glue_api.syncs.objects import ENTITY
from glue_api.syncs.schemas import SyncSelector, SyncTrigger
from glue_api.syncs.views import sync_run_view, sync_view, sync_with_customer_view

router = APIRouter(tags=["syncs"])

CustomerHeader = Annotated[str, Header(alias="x-customer-id", min_length=1)]
ProviderHeader = Annotated[str, Header(alias="x-provider-name", min_length=1)]
ObjectType = Literal["common", "standard", "custom"]


def _owners(session, syncs: list[Sync]) -> dict[str, tuple[Connection, Customer]]:
    """Connection and customer of each sync on a page, in one query."""
    ids = {s.connection_id for s in syncs}
    rows = session.execute(
        select(Connection, Customer).join(Customer, Customer.id == Connection.customer_id).where(Connection.id.in_(ids))
    ).all() if ids else []
    return {connection.id: (connection, customer) for connection, customer in rows}


def _filter(object_type: str | None, object_name: str | None, entity_id: str | None) -> tuple[str | None, str | None]:
    """(object type, object) to filter syncs by; an entity_id names an entity's sync."""
    if entity_id is None:
        return object_type, object_name
    if object_type is not None or object_name is not None:
        raise BadRequest("Filter by entity_id or by object_type and object, not both.")
    return ENTITY, entity_id


@router.get("/syncs")
def list_syncs(
    application: MgmtApplication, session: SessionDep,
    cursor: str | None = None, page_size: str | None = None, customer_id: str | None = None,
    provider_name: str | None = None, object_type: Annotated[ObjectType | None, Query()] = None,
    object: str | None = None, entity_id: str | None = None,
) -> dict:
    query = repository.syncs_query(application.id, customer_id, provider_name, *_filter(object_type, object, entity_id))
    page = paginate(session, query, [Sync.id], cursor, page_size_from(page_size), [str])
    owners = _owners(session, page.items)
    return {
        "next": page.next,
        "previous": page.previous,
        "total_count": page.total_count,
        "results": [sync_with_customer_view(s, *owners[s.connection_id]) for s in page.items],
    }


@router.post("/syncs/_pause")
def pause_sync(body: SyncSelector, customer: CustomerHeader, provider: ProviderHeader,
               application: MgmtApplication, session: SessionDep) -> dict:
    sync, _, _ = repository.find_sync(session, application.id, customer, provider, *body.sync_key)
    sync.paused = True
    sync.paused_reason = "paused through the API"
    sync.paused_until = None  # the user's pause never lifts by itself
    session.flush()
    return sync_view(sync)


@router.post("/syncs/_resume")
def resume_sync(body: SyncSelector, customer: CustomerHeader, provider: ProviderHeader,
                application: MgmtApplication, session: SessionDep) -> dict:
    sync, _, _ = repository.find_sync(session, application.id, customer, provider, *body.sync_key)
    sync.paused = False
    sync.paused_reason = None
    sync.paused_until = None
    session.flush()
    return sync_view(sync)


@router.post("/syncs/_trigger")
def trigger_sync(body: SyncTrigger, customer: CustomerHeader, provider: ProviderHeader,
                 application: MgmtApplication, session: SessionDep) -> dict:
    sync, _, _ = repository.find_sync(session, application.id, customer, provider, *body.sync_key)
    if sync.paused:
        raise Conflict("The sync is paused: resume it before triggering it.")
    sync.trigger_requested_at = utcnow()
    if body.perform_full_refresh:
        sync.force_full_sync = True
        sync.source_state = None  # a full refresh starts the source over too (a new delta link)
    session.flush()
    return sync_view(sync)


@router.get("/sync-runs")
def list_sync_runs(
    application: MgmtApplication, session: SessionDep,
    cursor: str | None = None, page_size: str | None = None, customer_id: str | None = None,
    provider_name: str | None = None, object_type: Annotated[ObjectType | None, Query()] = None,
    object: str | None = None, entity_id: str | None = None, status: str | None = None,
    start_timestamp: str | None = None, end_timestamp: str | None = None,
) -> dict:
    query = repository.sync_runs_query(application.id, customer_id, provider_name,
                                       *_filter(object_type, object, entity_id), status, start_timestamp, end_timestamp)
    page = paginate(session, query, [SyncRun.start_timestamp, SyncRun.id], cursor, page_size_from(page_size),
                    [datetime.fromisoformat, str], descending=True)
    syncs = {s.id: s for s in session.execute(select(Sync).where(Sync.id.in_({r.sync_id for r in page.items}))).scalars()}
    owners = _owners(session, list(syncs.values()))
    results = []
    for run in page.items:
        sync = syncs[run.sync_id]
        results.append(sync_run_view(run, sync, *owners[sync.connection_id]))
    return {"next": page.next, "previous": page.previous, "total_count": page.total_count, "results": results}
