"""Vault API: GET /vault/logs, the consumer's request logs, newest first."""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request

from glue_api.deps import ReadsRequestLogs, SessionDep
from glue_api.vault.auth import ConsumerIdHeader, VaultApplication
from glue_api.vault.envelope import envelope
from glue_api.vault.logs import repository
from glue_api.vault.logs.filters import logs_filter_from
from glue_api.vault.logs.presenters import log_view

router = APIRouter(tags=["vault"])


@router.get("/logs", dependencies=[ReadsRequestLogs])
def list_logs(
    request: Request,
    application: VaultApplication,
    consumer_id: ConsumerIdHeader,
    session: SessionDep,
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict:
    filters = logs_filter_from(request.query_params)
    query = repository.consumer_logs_query(application.id, consumer_id, filters)
    page = repository.page_of_logs(session, query, cursor, limit)
    with_children = repository.parents_among(session, [row.id for row in page.items])
    meta = {"items_on_page": len(page.items), "cursors": {"previous": page.previous, "current": cursor, "next": page.next}}
    return envelope([log_view(row, row.id in with_children) for row in page.items], meta=meta,
                    links=page_links(request, cursor, page.previous, page.next))


def page_links(request: Request, current: str | None, previous: str | None, next_: str | None) -> dict:
    """Links on Glue's public URL, keeping the request's filters and limit."""
    base = request.app.state.settings.public_url.rstrip("/") + request.url.path

    def at(cursor: str | None) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
        if cursor:
            params.append(("cursor", cursor))
        return base + ("?" + urlencode(params) if params else "")

    return {
        "previous": at(previous) if previous else None,
        "current": at(current),
        "next": at(next_) if next_ else None,
    }
