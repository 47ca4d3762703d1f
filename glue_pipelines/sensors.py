"""Sensors that turn the store's state into Dagster partitions and runs."""


from datetime import datetime, timezone

import dagster as dg
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Connection, Customer
from glue_api.syncs.service import (
    configuration_fingerprint,
    due_syncs,
    ensure_syncs,
    fail_orphaned_runs,
    in_progress_orchestrator_runs,
)
from glue_pipelines.assets import (
    APPLICATION_TAG, CONNECTION_TAG, CUSTOMER_TAG, PROVIDER_TAG, SYNC_IDS_TAG, asset_key,
)
from glue_pipelines.partitions import connection_partitions
from glue_pipelines.resources import GlueStoreResource
from glue_providers import registry

ACTIVE_RUN_STATUSES = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]


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
        for connection in connections:
            ensure_syncs(session, connection)
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


def build_due_syncs_sensor(provider_name: str) -> dg.SensorDefinition:
    """Due or triggered syncs become one run per connection, unless that connection already has one.

    One sensor per provider: a run targets one provider's assets, which share one partitions definition.
    """
    partitions = connection_partitions(provider_name)

    @dg.sensor(
        name=f"{provider_name}_due_syncs",
        minimum_interval_seconds=15,
        default_status=dg.DefaultSensorStatus.RUNNING,
        target=dg.AssetSelection.groups(provider_name),
        description=f"Starts one run per {provider_name} connection with syncs due (their period passed) or "
                    "triggered, unless that connection is already running.",
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
        busy = _connections_with_active_runs(context.instance, provider_name) if plan else set()
        requests = []
        for connection_id, syncs in sorted(plan.items()):
            if connection_id not in known or connection_id in busy:
                continue  # not a partition yet (the connections sensor adds it), or already running
            requests.append(
                dg.RunRequest(
                    run_key=f"{connection_id}:{now.isoformat()}",
                    partition_key=connection_id,
                    asset_selection=sorted({asset_key(provider_name, obj, kind) for _, kind, obj in syncs}, key=str),
                    tags={
                        CONNECTION_TAG: connection_id,
                        PROVIDER_TAG: provider_name,
                        SYNC_IDS_TAG: ",".join(sorted(sync_id for sync_id, _, _ in syncs)),
                        **owners.get(connection_id, {}),
                    },
                )
            )
        if not requests:
            return dg.SkipReason("no sync is due")
        return requests

    return due_syncs_sensor


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


def _connections_with_active_runs(instance: dg.DagsterInstance, provider_name: str) -> set[str]:
    records = instance.get_run_records(dg.RunsFilter(tags={PROVIDER_TAG: provider_name}, statuses=ACTIVE_RUN_STATUSES))
    return {record.dagster_run.tags.get(CONNECTION_TAG) for record in records}


@dg.run_failure_sensor(default_status=dg.DefaultSensorStatus.RUNNING, monitor_all_code_locations=False,
                       description="Records the failure of sync runs whose Dagster run died (a killed worker, a "
                                   "crash) and left them in progress.")
def failed_runs_sensor(context: dg.RunFailureSensorContext, glue: GlueStoreResource) -> None:
    """A run that died (killed worker, crash) leaves its sync runs IN_PROGRESS: record the failure."""
    if CONNECTION_TAG not in context.dagster_run.tags:
        return
    message = "the sync process stopped before finishing"
    if context.failure_event and context.failure_event.message:
        message = context.failure_event.message[:1000]
    with transaction(glue.store().session_factory) as session:
        fail_orphaned_runs(session, context.dagster_run.run_id, message)
