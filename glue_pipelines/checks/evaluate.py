"""Evaluate the selected checks of one connection: SQL counts on its destination, sync runs from the store."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone

import dagster as dg
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Sync, SyncRun
from glue_api.syncs.objects import strategy_for
from glue_pipelines.checks.queries import duplicated_keys, live_rows
from glue_pipelines.checks.specs import FRESH, RECONCILE_METADATA, RECONCILED, UNIQUE_KEYS, object_key
from glue_pipelines.checks.tables import ConnectionTables, ObjectTable, connection_tables
from glue_pipelines.store import GlueStore
from glue_pipelines.sync.runner import destination_secrets
from glue_pipelines.sync.scrub import describe_failure

DEFAULT_PERIOD_MS = 3_600_000  # as the due-syncs logic assumes


class DestinationUnreachable(Exception):
    """The checks could not query the connection's destination (the message is scrubbed of its secrets)."""


def evaluate_checks(
    store: GlueStore, connection_id: str, check_keys: list[dg.AssetCheckKey], asset_of: Callable[[ObjectTable], str],
    latest_metadata: Callable[[dg.AssetKey], dict | None],
) -> Iterator[dg.AssetCheckResult]:
    """``asset_of`` names the asset an object belongs to; ``latest_metadata`` gives the metadata of an asset's
    latest materialization of this connection (the one this run just made, if it made one)."""
    with transaction(store.session_factory) as session:
        tables = connection_tables(store, session, connection_id)
        if tables is None:
            for key in check_keys:
                yield _result(key, True, "the connection or its sync config no longer exists: nothing to check")
            return
        freshness = {key: _freshness(session, tables, objects)
                     for key in check_keys if key.name == FRESH
                     for objects in [_objects_of(tables, key, asset_of)] if objects}
    sql_keys = [key for key in check_keys if key.name in (UNIQUE_KEYS, RECONCILED)]
    try:
        counted = _sql_checks(store, tables, sql_keys, asset_of, latest_metadata) if sql_keys else {}
    except Exception as exc:  # the driver's message may quote the destination's credentials
        raise DestinationUnreachable(describe_failure(
            exc, destination_secrets(tables.destination_type, tables.destination_config))) from None
    for key in check_keys:
        if not _objects_of(tables, key, asset_of):
            yield _result(key, True, "the connection does not sync this object: nothing to check")
        elif key.name == FRESH:
            yield freshness[key](key)
        else:
            yield counted[key]


def _objects_of(tables: ConnectionTables, key: dg.AssetCheckKey, asset_of) -> list[ObjectTable]:
    return [o for o in tables.objects if asset_of(o) == key.asset_key.path[-1]]


def _sql_checks(store, tables: ConnectionTables, keys, asset_of, latest_metadata) -> dict:
    results = {}
    if tables.destination_type == "s3":
        return {key: _result(key, True, "not checked: files on S3 take no SQL") for key in keys}
    with tables.sql_client(store.settings.home) as client:
        for key in keys:
            objects = _objects_of(tables, key, asset_of)
            if not objects:
                continue
            if key.name == UNIQUE_KEYS:
                found = {o.table: duplicated_keys(client, tables.destination_type, o.table, tables.tenant, o.columns)
                         for o in objects}
                results[key] = _result(
                    key, not any(found.values()),
                    "no duplicated remote id" if not any(found.values()) else
                    f"{sum(found.values())} remote id(s) of this connection on more than one row",
                    {"duplicated_ids": sum(found.values()), "tables": ", ".join(found)},
                )
            else:
                results[key] = _reconcile(client, tables, key, objects, latest_metadata(key.asset_key))
    return results


def _reconcile(client, tables: ConnectionTables, key, objects: list[ObjectTable], metadata: dict | None):
    raw = (metadata or {}).get(RECONCILE_METADATA)
    provider_live = json.loads(raw.value if hasattr(raw, "value") else raw) if raw else {}
    compared = [o for o in objects if object_key(o.object_type, o.object) in provider_live]
    if not compared:
        return _result(key, True, "nothing to reconcile: the latest sync of this object was not a complete full sync",
                       {"reconciled": False})
    expected = sum(provider_live[object_key(o.object_type, o.object)] for o in compared)
    found = sum(live_rows(client, tables.destination_type, o.table, tables.tenant, o.columns) for o in compared)
    return _result(
        key, expected == found,
        f"the provider gave {expected} live records and the destination holds {found} live rows",
        {"reconciled": True, "provider_live_records": expected, "destination_live_rows": found},
    )


def _freshness(session, tables: ConnectionTables, objects: list[ObjectTable]) -> Callable:
    now = datetime.now(timezone.utc)
    stale, ages = [], []
    syncs = {(s.object_type, s.object): s for s in session.execute(
        select(Sync).where(Sync.connection_id == tables.connection_id)).scalars()}
    for o in objects:
        period = int(strategy_for(tables.sync_config, o.object_type, o.object).get("period_ms", DEFAULT_PERIOD_MS))
        sync = syncs.get((o.object_type, o.object))
        finished = session.execute(
            select(SyncRun.end_timestamp).where(SyncRun.sync_id == sync.id, SyncRun.status == "SUCCESS")
            .order_by(SyncRun.end_timestamp.desc()).limit(1)
        ).scalar() if sync is not None else None
        if finished is not None and finished.tzinfo is None:
            finished = finished.replace(tzinfo=timezone.utc)
        if finished is None or now - finished > timedelta(milliseconds=2 * period):
            stale.append(f"{o.object} ({'never synced' if finished is None else 'last synced ' + finished.isoformat()})")
        elif finished is not None:
            ages.append((now - finished).total_seconds())

    def result(key):
        return _result(key, not stale, "synced within its period" if not stale else "stale: " + ", ".join(stale),
                       {"oldest_sync_age_seconds": round(max(ages), 1)} if ages else {},
                       dg.AssetCheckSeverity.WARN)
    return result


def _result(key: dg.AssetCheckKey, passed: bool, description: str, metadata: dict | None = None,
            severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(asset_key=key.asset_key, check_name=key.name, passed=passed, severity=severity,
                               description=description, metadata=metadata or {})
