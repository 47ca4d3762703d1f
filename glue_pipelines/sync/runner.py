"""One run of a connection's syncs: plan, fetch with a fresh token, merge, mark deletions, record the outcome."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from glue_api.db import transaction
from glue_api.logs.service import log_provider_call
from glue_api.destinations.secrets import split_secrets
from glue_api.models import Connection, ConnectionSyncConfig, Customer, Sync, SyncRun
from glue_api.syncs.service import finish_run, pause_syncs, wanted_objects
from glue_api.tokens.endpoints import api_base_url
from glue_api.tokens.service import ConnectionInvalid, fresh_credentials
from glue_pipelines.destinations.factory import build_target
from glue_pipelines.destinations.writer_lock import exclusive_writer
from glue_pipelines.destinations.indexes import ensure_merge_key_index
from glue_pipelines.destinations.soft_delete import mark_unseen_as_deleted
from glue_pipelines.store import GlueStore
from glue_pipelines.sync import phases
from glue_pipelines.sync.job import SyncJob, prepare_job
from glue_pipelines.sync.load import LoadResult, pipeline_for, plan_columns, run_pipeline, shape_source
from glue_pipelines.sync.plan import ObjectPlan, next_state, read_rounds
from glue_pipelines.sync.scrub import describe_failure
from glue_providers import registry
from glue_providers.source_state import read_in_full, reported_states, source_options
from glue_providers.spec import ProviderSpec
from glue_providers.http import ProviderAuthError, ProviderRateLimited, request_observer

log = logging.getLogger("glue.sync")


@dataclass(frozen=True)
class ObjectOutcome:
    object: str
    records: int
    full: bool
    marked_deleted: int
    object_type: str = "standard"
    table: str = ""  # where its rows are: "dataset.table"
    columns: tuple[tuple[str, str], ...] = ()  # the table's columns as dlt knows them: (name, data type)
    live_records: int = 0  # of ``records``, those not flagged deleted


def sync_connection(
    store: GlueStore, connection_id: str, *, include: Callable[[Sync], bool] | None = None,
    sync_ids: list[str] | None = None, orchestrator_run_id: str | None = None,
    is_live: Callable[[str], bool] | None = None,
) -> list[ObjectOutcome]:
    """Raises ``NothingToSync`` (``ConnectionBusy`` when another live run holds the connection) before any
    sync run starts, and re-raises a failed sync's error once its sync runs are recorded as failed."""
    with transaction(store.session_factory) as session:
        job = prepare_job(store, session, connection_id, include=include, sync_ids=sync_ids,
                          orchestrator_run_id=orchestrator_run_id, is_live=is_live)
    started = datetime.now(timezone.utc)
    secrets = destination_secrets(job.destination_type, job.destination_config)
    try:
        credentials = fresh_credentials(store.session_factory, store.keyring, store.settings, connection_id)
        secrets += [v for v in credentials.values() if isinstance(v, str) and len(v) > 8]
        try:
            result, deleted = _load(store, job, credentials, started)
        except Exception as exc:
            if not _refused_token(exc, credentials):
                raise
            # The provider ended the session before its expiry: one refresh, one more try, then it counts.
            credentials = fresh_credentials(store.session_factory, store.keyring, store.settings, connection_id,
                                            rejected_access_token=credentials["access_token"])
            secrets += [v for v in credentials.values() if isinstance(v, str) and len(v) > 8]
            result, deleted = _load(store, job, credentials, started)
    except Exception as exc:
        _record_failure(store, job, exc, secrets)
        raise
    return _record_success(store, job, result, deleted)


def _load(store: GlueStore, job: SyncJob, credentials: dict, started: datetime) -> tuple[LoadResult, dict[str, int]]:
    """Every planned object read and merged; common objects read their provider object in a round of their own
    when a provider object is also synced as itself (a source reads each of its objects once)."""
    provider = registry.get(job.tenant.provider_name)
    base_url = api_base_url(store.settings, provider.name, job.instance_url, credentials)
    target = build_target(job.destination_type, job.destination_config, store.settings.home, job.schema_override)
    pipeline = pipeline_for(job, target, store.settings.home / "pipelines")
    result, deleted = LoadResult(), {}
    calls: list[tuple[str, str, int, float]] = []
    with exclusive_writer(target.writer_lock):
        listening = request_observer.set(lambda *call: calls.append(call))
        try:
            for plans in read_rounds(job.plans):
                options = {"associations": associations_to_fetch(job.sync_config, plans, provider),
                           "settings": job.settings}
                options |= source_options({plan.read_object: plan.source_state for plan in plans})
                source = provider.build_source(
                    credentials, base_url, [plan.read_object for plan in plans],
                    {plan.read_object: plan.modified_since for plan in plans}, options,
                )
                shape_source(source, job, plans, target, started, result)
                run_pipeline(pipeline, source, target)
                _collect_source_states(options, plans, result)
                deleted |= _after_load(pipeline, job, plans, started, result)
        finally:
            request_observer.reset(listening)
            _log_provider_calls(store, job.connection_id, calls)
    return result, deleted


def _collect_source_states(options: dict, plans: list[ObjectPlan], result: LoadResult) -> None:
    """What the round's source reported per object it read, kept by sync id until the run's outcome is known."""
    states, full = reported_states(options), read_in_full(options)
    for plan in plans:
        if plan.read_object in states:
            result.source_states[plan.sync_id] = states[plan.read_object]
        if plan.read_object in full:
            result.read_in_full.add(plan.sync_id)


def _after_load(pipeline, job: SyncJob, plans: list[ObjectPlan], started: datetime,
                result: LoadResult) -> dict[str, int]:
    """Merge-key indexes on the loaded tables; after a full read, the rows it did not see flagged deleted. Each
    table's name and the columns dlt knows of it are noted for the orchestrator's metadata."""
    deleted = {}
    known_tables = pipeline.default_schema.tables
    for plan in plans:
        known_columns = known_tables.get(plan.table_name, {}).get("columns")
        if not known_columns:
            continue  # nothing ever landed in it
        result.tables[plan.sync_id] = (f"{pipeline.dataset_name}.{plan.table_name}", tuple(
            (name, column.get("data_type") or "") for name, column in known_columns.items()
            if not name.startswith("_dlt")))
        columns = plan_columns(plan, job)
        ensure_merge_key_index(pipeline, job.destination_type, plan.table_name, columns)
        if plan.full or plan.sync_id in result.read_in_full:
            phases.reached("soft-delete")
            deleted[plan.sync_id] = mark_unseen_as_deleted(
                pipeline, job.destination_type, plan.table_name, job.tenant, started, columns
            )
    return deleted


def _log_provider_calls(store: GlueStore, connection_id: str, calls: list[tuple[str, str, int, float]]) -> None:
    """Every request the sync made to the provider goes to the request log, as calls on the customer's behalf."""
    if not calls:
        return
    with transaction(store.session_factory) as session:
        connection = session.get(Connection, connection_id)
        if connection is None:
            return
        for method, url, status_code, duration_ms in calls:
            log_provider_call(
                session, connection, operation_id="syncFetchRecords", operation_name="Sync: fetch records",
                method=method, url=url, status_code=status_code or 502, duration_ms=duration_ms,
                error_message=None if 200 <= status_code < 400 else f"the provider answered {status_code or 'nothing'}",
            )


def _record_success(store: GlueStore, job: SyncJob, result: LoadResult, deleted: dict[str, int]) -> list[ObjectOutcome]:
    outcomes = []
    phases.reached("cursor-commit")
    finished = datetime.now(timezone.utc)
    with transaction(store.session_factory) as session:
        connection = session.get(Connection, job.connection_id)
        customer = session.get(Customer, connection.customer_id)
        for plan in job.plans:
            tally = result.tallies[plan.sync_id]
            sync = session.get(Sync, plan.sync_id)
            if plan.sync_id in result.read_in_full:  # the source's state was refused: it read the object in full
                plan = replace(plan, full=True)
            sync.state = next_state(sync.state, plan, tally.max_modified, finished)
            sync.source_state = result.source_states.get(plan.sync_id)
            finish_run(session, session.get(SyncRun, job.run_ids[plan.sync_id]), connection, sync, customer,
                       error=None, records=tally.records)
            table, columns = result.tables.get(plan.sync_id, ("", ()))
            outcomes.append(ObjectOutcome(plan.object, tally.records, plan.full, deleted.get(plan.sync_id, 0),
                                          plan.object_type, table, columns, tally.live))
    return outcomes


def _record_failure(store: GlueStore, job: SyncJob, exc: Exception, secrets: list[str]) -> None:
    message = describe_failure(exc, secrets)
    auth = _auth_failure(exc)
    spent = _in_chain(exc, ProviderRateLimited)
    with transaction(store.session_factory) as session:
        connection = session.get(Connection, job.connection_id)
        if connection is None:
            return
        customer = session.get(Customer, connection.customer_id)
        syncs = [session.get(Sync, plan.sync_id) for plan in job.plans]
        for sync in syncs:
            finish_run(session, session.get(SyncRun, job.run_ids[sync.id]), connection, sync, customer,
                       error=message, records=None)
        if auth is not None:
            pause_syncs(session, connection, customer, syncs, describe_failure(auth, secrets))
        elif spent is not None:
            _pause_until_window_opens(session, connection, customer, job.sync_config, spent)
    log.warning("sync of connection %s failed: %s", job.connection_id, message)


def _pause_until_window_opens(session, connection: Connection, customer: Customer, sync_config: dict,
                              spent: ProviderRateLimited) -> None:
    """A spent hourly or daily allowance is the account's, not one object's: every sync of the connection
    waits for the window, and the due-syncs logic resumes them when it opens."""
    opens = datetime.now(timezone.utc) + timedelta(seconds=spent.retry_after_seconds)
    until = opens.replace(microsecond=0) + timedelta(seconds=1 if opens.microsecond else 0)  # never before it opens
    title = registry.get(connection.provider_name).title
    reason = (f"{title}'s rate limit is spent; it takes requests again at {until.isoformat().replace('+00:00', 'Z')}, "
              "when the sync resumes")
    overrides = session.get(ConnectionSyncConfig, connection.id)
    wanted = wanted_objects(sync_config, overrides.config if overrides else None)
    syncs = [
        sync for sync in session.execute(select(Sync).where(Sync.connection_id == connection.id).order_by(Sync.object))
        .scalars() if (sync.object_type, sync.object) in wanted  # objects dropped from the list no longer run
    ]
    pause_syncs(session, connection, customer, syncs, reason, until=until)


def _refused_token(exc: BaseException, credentials: dict) -> bool:
    """A 401 to an OAuth connection that can refresh: its access token may just have been ended early."""
    auth = _auth_failure(exc)
    return (isinstance(auth, ProviderAuthError) and auth.status_code == 401
            and bool(credentials.get("refresh_token") and credentials.get("access_token")))


def _auth_failure(exc: BaseException) -> BaseException | None:
    """The provider's 401/403 (or a refused refresh token) anywhere in the exception chain."""
    return _in_chain(exc, (ProviderAuthError, ConnectionInvalid))


def _in_chain(exc: BaseException | None, kinds):
    """The first exception of ``kinds`` in the chain (dlt wraps what a source raised)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kinds):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def associations_to_fetch(sync_config: dict, plans: list[ObjectPlan], provider: ProviderSpec) -> dict[str, list[str]]:
    """Per object read, the object types whose associations the sync config asks for, or a common
    object's mapping reads (HubSpot's contact -> company for ``account_id``)."""
    wanted = {plan.object for plan in plans if not plan.is_common}
    found: dict[str, list[str]] = {}
    for key in ("standard_objects", "custom_objects"):
        for item in sync_config.get(key) or []:
            if item.get("object") in wanted and item.get("associations_to_fetch"):
                found[item["object"]] = list(item["associations_to_fetch"])
    mappings = provider.common_mappings()
    for plan in plans:
        if plan.is_common and mappings[plan.object].associations:
            found[plan.read_object] = list(mappings[plan.object].associations)
    return found


def destination_secrets(destination_type: str, config: dict) -> list[str]:
    """The destination's secret values, to scrub from failure messages."""
    return [value for value in split_secrets(destination_type, config)[1].values() if value]
