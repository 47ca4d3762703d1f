"""Sensors that turn the store's state into Dagster partitions and runs."""


from datetime import datetime, timezone

import dagster as dg
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Connection, Customer
from glue_api.syncs.service import (
    configuration_fingerprint,
    due_syncs,
    ensure_syncs_for,
    fail_orphaned_runs,
    in_progress_orchestrator_runs,
)
from glue_pipelines.assets import (
    APPLICATION_TAG, CONNECTION_TAG, CUSTOMER_TAG, PROVIDER_TAG, SYNC_IDS_TAG, asset_key,
)
from glue_pipelines.batch import BATCH_TAG, batch_job_name, batch_run_config, build_batch_job
from glue_pipelines.live_runs import PARTITION_TAG, connections_with_active_runs
from glue_pipelines.partitions import connection_partitions
from glue_pipelines.resources import GlueStoreResource
from glue_providers import registry


@dg.sensor(minimum_interval_seconds=15, default_status=dg.DefaultSensorStatus.RUNNING,
           description="Makes each customer's connection a partition of its provider's assets, and removes the "
                       "partitions of deleted connections.")
def connections_sensor(context: dg.SensorEvaluationContext, glue: GlueStoreResource):
    """Connections become partitions of their provider's assets (and lose them when deleted).

    The cursor is a fingerprint of the configuration: a tick with nothing changed does no work.
    """
    store = glue.store()
    syncable = [provider.name for provider in registry.syncable()]
    with transaction(store.session_factory) as session:
        fingerprint = configuration_fingerprint(session, syncable)
        if fingerprint == context.cursor:
            return dg.SkipReason("no connection or sync configuration changed")
        connections = session.execute(
            select(Connection).where(Connection.provider_name.in_(syncable))
        ).scalars().all()
        ensure_syncs_for(session, list(connections))
        wanted = {name: set() for name in syncable}
        for connection in connections:
            wanted[connection.provider_name].add(connection.id)
    requests = []
    for provider_name, ids in wanted.items():
        partitions = connection_partitions(provider_name)
        existing = set(context.instance.get_dynamic_partitions(partitions.name))
        if ids - existing:
            requests.append(partitions.build_add_request(sorted(ids - existing)))
        if existing - ids:
            requests.append(partitions.build_delete_request(sorted(existing - ids)))
    return dg.SensorResult(dynamic_partitions_requests=requests, cursor=fingerprint)


def sync_job_name(provider_name: str) -> str:
    return f"{provider_name}_connection_sync"


def build_sync_job(provider_name: str):
    """One connection's partition of the provider's assets (the sensor picks the objects), in one process."""
    return dg.define_asset_job(sync_job_name(provider_name), selection=dg.AssetSelection.groups(provider_name),
                               executor_def=dg.in_process_executor)


def build_due_syncs_sensor(provider_name: str) -> dg.SensorDefinition:
    """Due or triggered syncs become runs, unless their connection already has one queued or running.

    Connections due together go in batches of ``GLUE_SYNC_BATCH_SIZE`` (one batch run each); a batch of one is a
    run of that connection's partition. One sensor per provider: a run syncs one provider's connections.
    """
    partitions = connection_partitions(provider_name)

    @dg.sensor(
        name=f"{provider_name}_due_syncs",
        minimum_interval_seconds=15,
        default_status=dg.DefaultSensorStatus.RUNNING,
        jobs=[build_sync_job(provider_name), build_batch_job(provider_name)],
        description=f"Starts runs for {provider_name} connections with syncs due (their period passed) or "
                    "triggered, unless a run (the sensor's, the UI's, a backfill's or the CLI's) already has the "
                    "connection; connections due together share batch runs of up to GLUE_SYNC_BATCH_SIZE.",
    )
    def due_syncs_sensor(context: dg.SensorEvaluationContext, glue: GlueStoreResource):
        store = glue.store()
        now = datetime.now(timezone.utc)
        with transaction(store.session_factory) as session:
            _reap_dead_runs(context.instance, session, provider_name)
            due = due_syncs(session, now, provider_name)
            plan = {cid: [(s.id, s.object_type, s.object) for s in syncs] for cid, syncs in due.items()}
            owners = _owners(session, list(plan))
        # Two questions to Dagster per tick, not two per connection: a tick must stay fast at 1,000 connections.
        known = set(context.instance.get_dynamic_partitions(partitions.name)) if plan else set()
        busy = connections_with_active_runs(context.instance) if plan else set()
        ready = [cid for cid in sorted(plan) if cid in known and cid not in busy]  # partitions yet, and idle
        size = store.settings.sync_batch_size
        requests = []
        for start in range(0, len(ready), size):
            batch = ready[start:start + size]
            if len(batch) == 1:
                requests.append(_connection_run(provider_name, batch[0], plan[batch[0]], owners, now))
            else:
                requests.append(dg.RunRequest(
                    run_key=f"batch:{batch[0]}:{now.isoformat()}",
                    job_name=batch_job_name(provider_name),
                    run_config=batch_run_config(provider_name, {
                        cid: sorted(sync_id for sync_id, _, _ in plan[cid]) for cid in batch}),
                    tags={PROVIDER_TAG: provider_name, BATCH_TAG: str(len(batch))},
                ))
        if not requests:
            return dg.SkipReason("no sync is due")
        return requests

    return due_syncs_sensor


def _connection_run(provider_name: str, connection_id: str, syncs: list[tuple[str, str, str]],
                    owners: dict[str, dict[str, str]], now: datetime) -> dg.RunRequest:
    return dg.RunRequest(
        run_key=f"{connection_id}:{now.isoformat()}",
        job_name=sync_job_name(provider_name),
        partition_key=connection_id,
        asset_selection=sorted({asset_key(provider_name, obj, kind) for _, kind, obj in syncs}, key=str),
        tags={
            CONNECTION_TAG: connection_id,
            PROVIDER_TAG: provider_name,
            SYNC_IDS_TAG: ",".join(sorted(sync_id for sync_id, _, _ in syncs)),
            **owners.get(connection_id, {}),
        },
    )


def _owners(session, connection_ids: list[str]) -> dict[str, dict[str, str]]:
    """Per connection, the run tags naming whose it is: the customer (the application's own id) and the application."""
    if not connection_ids:
        return {}
    rows = session.execute(
        select(Connection.id, Customer.external_id, Connection.application_id)
        .join(Customer, Customer.id == Connection.customer_id).where(Connection.id.in_(connection_ids))
    )
    return {cid: {CUSTOMER_TAG: customer, APPLICATION_TAG: application} for cid, customer, application in rows}


def _reap_dead_runs(instance: dg.DagsterInstance, session, provider_name: str) -> None:
    """Sync runs left IN_PROGRESS by a run Dagster no longer runs would block their syncs forever."""
    for run_id in in_progress_orchestrator_runs(session, provider_name):
        run = instance.get_run_by_id(run_id)
        if run is None or run.is_finished:
            fail_orphaned_runs(session, run_id, "the sync process stopped before finishing")


@dg.run_failure_sensor(default_status=dg.DefaultSensorStatus.RUNNING, monitor_all_code_locations=False,
                       description="Records the failure of sync runs whose Dagster run died (a killed worker, a "
                                   "crash) and left them in progress.")
def failed_runs_sensor(context: dg.RunFailureSensorContext, glue: GlueStoreResource) -> None:
    """A run that died (killed worker, crash) leaves its sync runs IN_PROGRESS: record the failure. Sync runs
    a batch recorded as failed, or that finished, are not IN_PROGRESS and stay as they are."""
    if not {CONNECTION_TAG, BATCH_TAG, PARTITION_TAG} & set(context.dagster_run.tags):
        return
    message = "the sync process stopped before finishing"
    if context.failure_event and context.failure_event.message:
        message = context.failure_event.message[:1000]
    with transaction(glue.store().session_factory) as session:
        fail_orphaned_runs(session, context.dagster_run.run_id, message)
