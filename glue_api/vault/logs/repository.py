"""Request log queries for one consumer of one application, newest first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, case, select
from sqlalchemy.orm import Session

from glue_api.models import RequestLog
from glue_api.pagination import Page, paginate
from glue_api.vault.logs.filters import LogsFilter

# The Log schema's names for unified APIs; a provider's family outside this list shows as "proxy".
LOG_UNIFIED_APIS = (
    "crm", "lead", "proxy", "vault", "accounting", "hris", "ats", "ecommerce", "issue-tracking", "pos",
    "file-storage", "sms",
)
shown_unified_api = case(
    (RequestLog.unified_api.in_(LOG_UNIFIED_APIS), RequestLog.unified_api), else_="proxy"
)


def consumer_logs_query(application_id: str, consumer_id: str, filters: LogsFilter) -> Select:
    query = select(RequestLog).where(RequestLog.application_id == application_id, RequestLog.consumer_id == consumer_id)
    if filters.connector_id:
        unified_api, service_id = filters.connector
        query = query.where(RequestLog.service_id == service_id)
        if unified_api is not None:
            query = query.where(shown_unified_api == unified_api)
    if filters.status_code is not None:
        query = query.where(RequestLog.status_code == filters.status_code)
    if filters.exclude_unified_apis:
        query = query.where(shown_unified_api.not_in(filters.exclude_unified_apis))
    return query


def page_of_logs(session: Session, query: Select, cursor: str | None, limit: int) -> Page:
    return paginate(
        session, query, [RequestLog.created_at, RequestLog.id], cursor, limit,
        parse=[datetime.fromisoformat, str], descending=True, count_total=False,  # the Vault shows no total
    )


def parents_among(session: Session, log_ids: list[str]) -> set[str]:
    """Which of these logs have child requests (provider calls made while serving them)."""
    if not log_ids:
        return set()
    return set(session.execute(select(RequestLog.parent_id).where(RequestLog.parent_id.in_(log_ids)).distinct()).scalars())
