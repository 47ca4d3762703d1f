"""Writing request logs. A log row holds where a call went and how it ended, never a header,
body or query string: those are where API keys, tokens and customers' data travel.
"""

from __future__ import annotations

import contextvars
import io
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from glue_api.models import Connection, Customer, RequestLog
from glue_api.models.base import new_id, utcnow
from glue_providers import registry

MAX_ERROR_MESSAGE = 500
MAX_CONSUMER_ID = 255

# The id of the API request being served, so provider calls made for it are logged as its children.
current_request_log_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("glue_request_log_id", default=None)


@dataclass(frozen=True)
class ApiCall:
    """One Vault or Management API request, as the middleware saw it."""

    id: str
    application_id: str
    consumer_id: str | None
    api: str  # vault | mgmt
    operation_id: str
    operation_name: str
    http_method: str
    path: str
    base_url: str
    status_code: int
    error_message: str | None
    duration_ms: float
    service_id: str | None = None  # the provider the call was about, when its path names one
    created_at: datetime | None = None  # when it was answered; rows written later in a batch keep that order


def record_api_calls(session: Session, calls: list[ApiCall]) -> None:
    """Writes the calls' rows in one statement on the session's connection: on PostgreSQL a COPY (a fifth of the
    CPU per row of an INSERT of many VALUES, which SQLAlchemy renders row by row), elsewhere one executemany.
    Through the ORM's unit of work a batch of a hundred cost the serving process several milliseconds of CPU."""
    if not calls:
        return
    rows = [_row_of(call) for call in calls]
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        _copy(connection, rows)
    else:
        connection.execute(_INSERT, rows)


_INSERT = RequestLog.__table__.insert()
# COPY's text format: a row per line, tab-separated, \N for NULL; these characters are escaped in a value.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy(connection, rows: list[dict]) -> None:
    columns = list(rows[0])
    text_rows = "".join("\t".join(_copy_text(row[column]) for column in columns) + "\n" for row in rows)
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        cursor.copy_expert(f"COPY request_logs ({', '.join(columns)}) FROM STDIN", io.StringIO(text_rows))
    finally:
        cursor.close()


def _copy_text(value: object) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)  # numbers


def _row_of(call: ApiCall) -> dict:
    return dict(
        id=call.id,
        application_id=call.application_id,
        consumer_id=_clip(call.consumer_id, MAX_CONSUMER_ID),
        api=call.api,
        operation_id=call.operation_id,
        operation_name=call.operation_name,
        http_method=call.http_method,
        path=call.path,
        base_url=call.base_url,
        status_code=call.status_code,
        success=call.status_code < 400,
        error_message=_clip(call.error_message, MAX_ERROR_MESSAGE),
        duration_ms=call.duration_ms,
        service_id=call.service_id,
        parent_id=None,
        child_request=False,
        unified_api="vault",  # both APIs manage the vault; the Log schema has no name for Supaglue's
        created_at=call.created_at or utcnow(),
    )


def log_provider_call(
    session: Session, connection: Connection, *, operation_id: str, operation_name: str, method: str, url: str,
    status_code: int, duration_ms: float, error_message: str | None = None,
) -> RequestLog:
    """Records a call Glue made to a provider for a customer, in the caller's transaction.

    ``url`` may be the full URL called: only its scheme, host and path are kept. A call
    that got no answer is logged with status 502 and the caller's error message.
    """
    customer = session.get(Customer, connection.customer_id)
    parts = urlsplit(url)
    parent_id = current_request_log_id.get()
    info = registry.find(connection.provider_name)
    row = RequestLog(
        id=new_id(),
        application_id=connection.application_id,
        consumer_id=customer.external_id if customer is not None else None,
        parent_id=parent_id,
        child_request=parent_id is not None,
        api="provider",
        operation_id=operation_id,
        operation_name=operation_name,
        http_method=method.upper(),
        path=parts.path or "/",
        base_url=f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}" if parts.netloc else "",
        status_code=status_code,
        success=200 <= status_code < 400,
        error_message=_clip(error_message, MAX_ERROR_MESSAGE),
        service_id=connection.provider_name,
        unified_api=info.unified_api if info is not None else None,
        duration_ms=duration_ms,
    )
    session.add(row)
    return row


def _clip(text: str | None, limit: int) -> str | None:
    return text[:limit] if text is not None else None
