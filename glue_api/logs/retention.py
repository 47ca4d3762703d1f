"""Request log retention: rows older than the configured number of days are deleted, in bounded batches.

Each batch is its own short transaction, so purging a large backlog never holds locks
for long or grows one transaction without limit. The webhook worker purges one batch
per pass; ``glue logs purge`` purges everything that is due.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from glue_api.db import transaction
from glue_api.models import RequestLog
from glue_api.models.base import utcnow

PURGE_BATCH_SIZE = 1000


def purge_expired_request_logs(
    session_factory: sessionmaker[Session], retention_days: int, *, now: datetime | None = None,
    max_batches: int | None = None, batch_size: int = PURGE_BATCH_SIZE,
) -> int:
    """Deletes request logs older than ``retention_days``; returns how many. ``max_batches`` bounds one call."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    purged = batches = 0
    while max_batches is None or batches < max_batches:
        with transaction(session_factory) as session:
            due = select(RequestLog.id).where(RequestLog.created_at < cutoff).order_by(RequestLog.created_at)
            ids = list(session.scalars(due.limit(batch_size)))
            if ids:
                session.execute(delete(RequestLog).where(RequestLog.id.in_(ids)))
        purged += len(ids)
        batches += 1
        if len(ids) < batch_size:
            break
    return purged
