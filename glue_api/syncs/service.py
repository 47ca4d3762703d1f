"""Syncs (connection x object) and their runs, as the engine and the API see them."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from glue_api.connections import states
from glue_api.events.service import record_event
from glue_api.models import (
    Connection,
    Entity,
    ConnectionSyncConfig,
    Customer,
    Sync,
    SyncConfig,
    SyncRun,
)
from glue_api.models.base import utcnow
from glue_api.syncs.objects import ENTITY, strategy_for, synced_objects
from glue_api.syncs.views import synced_thing

IN_PROGRESS, SUCCESS, FAILURE = "IN_PROGRESS", "SUCCESS", "FAILURE"


def sync_config_for(session: Session, connection: Connection) -> SyncConfig | None:
    return session.execute(
        select(SyncConfig).where(
            SyncConfig.application_id == connection.application_id, SyncConfig.provider_id == connection.provider_id
        )
    ).scalar_one_or_none()


def ensure_syncs(session: Session, connection: Connection) -> list[Sync]:
    """One sync per object the connection should sync; idempotent."""
    return ensure_syncs_for(session, [connection])


CHUNK = 500  # ids per IN (...): well under SQLite's bound on a statement's parameters


def ensure_syncs_for(session: Session, connections: list[Connection]) -> list[Sync]:
    """``ensure_syncs`` for many connections in a few queries per 500, not three per connection: the connections
    sensor runs it over every connection when the configuration changes (10,000 took 30-50 s one by one)."""
    created = []
    for start in range(0, len(connections), CHUNK):
        chunk = connections[start:start + CHUNK]
        ids = [connection.id for connection in chunk]
        configs = {
            (config.application_id, config.provider_id): config for config in session.execute(select(SyncConfig).where(
                SyncConfig.application_id.in_({c.application_id for c in chunk}),
                SyncConfig.provider_id.in_({c.provider_id for c in chunk}))).scalars()
        }
        overrides = dict(session.execute(
            select(ConnectionSyncConfig.connection_id, ConnectionSyncConfig.config)
            .where(ConnectionSyncConfig.connection_id.in_(ids))).all())
        existing = {tuple(row) for row in session.execute(
            select(Sync.connection_id, Sync.object_type, Sync.object).where(Sync.connection_id.in_(ids)))}
        for connection in chunk:
            sync_config = configs.get((connection.application_id, connection.provider_id))
            if sync_config is None:
                continue
            for item in synced_objects(sync_config.config, overrides.get(connection.id)):
                if (connection.id, item.object_type, item.object) not in existing:
                    sync = Sync(connection_id=connection.id, sync_config_id=sync_config.id,
                                object_type=item.object_type, object=item.object, state={})
                    session.add(sync)
                    existing.add((connection.id, item.object_type, item.object))
                    created.append(sync)
    session.flush()
    return created


def latest_runs(session: Session, sync_ids: list[str]) -> dict[str, SyncRun]:
    latest: dict[str, SyncRun] = {}
    if not sync_ids:
        return latest
    runs = session.execute(
        select(SyncRun).where(SyncRun.sync_id.in_(sync_ids)).order_by(SyncRun.start_timestamp)
    ).scalars()
    for run in runs:
        latest[run.sync_id] = run
    return latest


def is_due(sync: Sync, period_ms: int, latest: SyncRun | None, auto_start: bool, now: datetime) -> bool:
    if sync.paused:
        return False
    if latest is not None and latest.status == IN_PROGRESS:
        return False  # never two runs of one sync at once
    if sync.trigger_requested_at is not None:
        return True
    if latest is None:
        return auto_start
    finished = latest.end_timestamp or latest.start_timestamp
    return finished + timedelta(milliseconds=period_ms) <= now


def start_runs(session: Session, syncs: list[Sync], orchestrator_run_id: str | None) -> dict[str, SyncRun]:
    now = utcnow()
    runs = {}
    for sync in syncs:
        run = SyncRun(sync_id=sync.id, status=IN_PROGRESS, start_timestamp=now, orchestrator_run_id=orchestrator_run_id)
        session.add(run)
        runs[sync.id] = run
        sync.trigger_requested_at = None
    session.flush()
    return runs


def finish_run(session: Session, run: SyncRun, connection: Connection, sync: Sync, customer: Customer,
               *, error: str | None, records: int | None) -> None:
    run.status = FAILURE if error else SUCCESS
    run.error_message = error
    run.end_timestamp = utcnow()
    run.num_records_synced = records
    if error is None:
        sync.force_full_sync = False
    outcome = {"result": "ERROR" if error else "SUCCESS", "error_message": error, "num_records_synced": records}
    _record_sync_event(session, "sync.complete", connection, sync, customer, run_id=run.id,
                       **{key: value for key, value in outcome.items() if value is not None})


def pause_syncs(session: Session, connection: Connection, customer: Customer, syncs: list[Sync], reason: str,
                *, until: datetime | None = None) -> None:
    """Pause syncs that run now, with a ``sync.paused`` event each; ``until`` lifts the pause by itself then
    (a spent provider allowance), without it only a resume through the API does."""
    for sync in syncs:
        if sync.paused:
            continue  # a pause already in place (the user's, say) keeps its reason and its end
        sync.paused = True
        sync.paused_reason = reason
        sync.paused_until = until
        _record_sync_event(session, "sync.paused", connection, sync, customer, reason=reason)


def lift_ended_pauses(session: Session, now: datetime, provider_name: str) -> list[Sync]:
    """Syncs whose timed pause has ended run again at once: the provider's window is open."""
    syncs = session.execute(
        select(Sync)
        .join(Connection, Connection.id == Sync.connection_id)
        .where(Connection.provider_name == provider_name, Sync.paused.is_(True),
               Sync.paused_until.is_not(None), Sync.paused_until <= now)
    ).scalars().all()
    for sync in syncs:
        sync.paused = False
        sync.paused_reason = None
        sync.paused_until = None
        # Due now, not a period after the failed run: the pause stood in for the wait already.
        sync.trigger_requested_at = now
    session.flush()
    return syncs


def _record_sync_event(session: Session, event_type: str, connection: Connection, sync: Sync, customer: Customer,
                       **details) -> None:
    # The Management API's webhook payloads: object syncs are "type": "object", entity syncs "type": "entity".
    synced = synced_thing(sync)
    if sync.object_type == ENTITY:
        entity = session.get(Entity, sync.object)
        synced["entity_name"] = entity.name if entity is not None else None
    record_event(session, connection.application_id, event_type, {
        "webhook_event_type": event_type,
        "sync_id": sync.id,
        "connection_id": connection.id,
        "customer_id": customer.external_id,
        "provider_name": connection.provider_name,
        **synced,
        **details,
    })


def due_syncs(session: Session, now: datetime, provider_name: str) -> dict[str, list[Sync]]:
    """A provider's syncs whose period has passed or that were triggered, grouped by connection id.

    Syncs paused for a spent allowance whose window has opened by ``now`` are resumed first, and are due.
    """
    lift_ended_pauses(session, now, provider_name)
    rows = session.execute(
        select(Sync, SyncConfig.config)
        .join(Connection, Connection.id == Sync.connection_id)
        .join(SyncConfig, SyncConfig.id == Sync.sync_config_id)
        .where(
            Connection.provider_name == provider_name, Sync.paused.is_(False), Connection.enabled.is_(True),
            # "added": nothing to sync with until the customer authorizes; "invalid": the provider refused it.
            Connection.state.notin_(states.NOT_SYNCABLE),
        )
    ).all()
    latest = latest_runs(session, [sync.id for sync, _ in rows])
    wanted = _wanted_objects(session, {sync.connection_id: config for sync, config in rows})
    due: dict[str, list[Sync]] = {}
    for sync, config in rows:
        if (sync.object_type, sync.object) not in wanted[sync.connection_id]:
            continue  # dropped from the connection's object list: kept for its history, no longer run
        strategy = strategy_for(config, sync.object_type, sync.object)
        auto_start = strategy.get("auto_start_on_connection", True)
        if is_due(sync, int(strategy.get("period_ms", 3_600_000)), latest.get(sync.id), auto_start, now):
            due.setdefault(sync.connection_id, []).append(sync)
    return due


def wanted_objects(sync_config: dict, overrides: dict | None) -> set[tuple[str, str]]:
    return {(o.object_type, o.object) for o in synced_objects(sync_config, overrides)}


def _wanted_objects(session: Session, configs: dict[str, dict]) -> dict[str, set[tuple[str, str]]]:
    overrides = {
        row.connection_id: row.config
        for row in session.execute(
            select(ConnectionSyncConfig).where(ConnectionSyncConfig.connection_id.in_(list(configs)))
        ).scalars()
    } if configs else {}
    return {cid: wanted_objects(config, overrides.get(cid)) for cid, config in configs.items()}


def fail_orphaned_runs(session: Session, orchestrator_run_id: str, message: str) -> int:
    """Runs left IN_PROGRESS by a run that died without recording its outcome (killed process)."""
    runs = session.execute(
        select(SyncRun).where(SyncRun.orchestrator_run_id == orchestrator_run_id, SyncRun.status == IN_PROGRESS)
    ).scalars().all()
    for run in runs:
        run.status = FAILURE
        run.error_message = message
        run.end_timestamp = utcnow()
    return len(runs)


def in_progress_orchestrator_runs(session: Session, provider_name: str) -> set[str]:
    """Orchestrator runs that still have sync runs IN_PROGRESS for this provider."""
    return set(session.execute(
        select(SyncRun.orchestrator_run_id)
        .join(Sync, Sync.id == SyncRun.sync_id)
        .join(Connection, Connection.id == Sync.connection_id)
        .where(Connection.provider_name == provider_name, SyncRun.status == IN_PROGRESS,
               SyncRun.orchestrator_run_id.is_not(None))
    ).scalars())


def configuration_fingerprint(session: Session, provider_names: list[str]) -> str:
    """Changes when a connection, sync config or connection override of these providers changes."""
    parts = []
    for model, scope in (
        (Connection, Connection.provider_name.in_(provider_names)),
        (SyncConfig, None),
        (ConnectionSyncConfig, None),
    ):
        query = select(func.count(), func.max(model.updated_at)).select_from(model)
        if scope is not None:
            query = query.where(scope)
        count, latest = session.execute(query).one()
        parts.append(f"{model.__tablename__}:{count}:{latest.isoformat() if latest else '-'}")
    return "|".join(parts)
