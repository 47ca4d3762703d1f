"""What Dagster is running now, whichever way each run was launched: the sensor's runs carry Glue's tags, a
run from the UI, a backfill or ``dagster asset materialize`` only Dagster's partition tag, a batch run the
connections in its config."""

from __future__ import annotations

from collections.abc import Callable

import dagster as dg

ACTIVE_RUN_STATUSES = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]
PARTITION_TAG = "dagster/partition"  # a partition is a connection id, unique across providers
CONNECTION_TAG = "glue/connection"


def connections_in_runs(records) -> set[str]:
    connections = set()
    for record in records:
        run = record.dagster_run
        for key in (CONNECTION_TAG, PARTITION_TAG):
            if run.tags.get(key):
                connections.add(run.tags[key])
        for item in ((run.run_config or {}).get("ops") or {}).values():
            for batched in ((item or {}).get("config") or {}).get("connections") or []:
                connections.add(batched["connection_id"])
    return connections


def connections_with_active_runs(instance: dg.DagsterInstance) -> set[str]:
    """Connections some queued or running run will sync or is syncing (one question to Dagster per tick)."""
    return connections_in_runs(instance.get_run_records(dg.RunsFilter(statuses=ACTIVE_RUN_STATUSES)))


def run_is_live(instance: dg.DagsterInstance) -> Callable[[str], bool]:
    """Whether the Dagster run of this id still runs: a run Dagster has never heard of, or one that finished,
    cannot hold a connection."""

    def is_live(run_id: str) -> bool:
        run = instance.get_run_by_id(run_id)
        return run is not None and not run.is_finished

    return is_live
