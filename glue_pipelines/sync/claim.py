"""One live run per connection, whichever way it was launched (sensor, batch, UI, backfill, CLI).

The claim is the connection's row, locked for the transaction that starts the sync runs: PostgreSQL holds a
row lock, SQLite its single writer lock. Whoever holds it sees every sync run committed before it, so two
runs of one connection cannot both find it free and both start.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from glue_api.models import Connection, Sync, SyncRun
from glue_api.syncs.service import IN_PROGRESS, fail_orphaned_runs

DEAD_HOLDER = "the sync process stopped before finishing"


def claim_connection(session: Session, connection_id: str, orchestrator_run_id: str | None,
                     is_live: Callable[[str], bool] | None = None) -> str | None:
    """Lock the connection for this transaction; the orchestrator run id of another live run syncing it, if any.

    Only sync runs that name an orchestrator run can hold a connection: a direct engine call (tests, crash
    trials) names none and cannot tell a crashed caller from a live one. ``is_live`` asks the orchestrator
    whether a holder still runs (a holder it says finished is failed as orphaned, freeing the connection);
    without it every holder counts as live.
    """
    # A no-op write, first in the transaction: it takes the lock before anything is read.
    session.execute(text(f"UPDATE {Connection.__tablename__} SET state = state WHERE id = :id"), {"id": connection_id})
    holders = set(session.execute(
        select(SyncRun.orchestrator_run_id).join(Sync, Sync.id == SyncRun.sync_id)
        .where(Sync.connection_id == connection_id, SyncRun.status == IN_PROGRESS,
               SyncRun.orchestrator_run_id.is_not(None))
    ).scalars())
    holders.discard(orchestrator_run_id)
    for holder in sorted(holders):
        if is_live is None or is_live(holder):
            return holder
        fail_orphaned_runs(session, holder, DEAD_HOLDER)
    return None
