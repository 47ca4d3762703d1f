"""Dagster keeps every run and its events forever: Glue deletes finished runs older than its retention."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import dagster as dg

from glue_pipelines.resources import GlueStoreResource

FINISHED = [dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED]
PER_TICK = 500  # a long backlog drains over several ticks, each one short


def purge_finished_runs(instance: dg.DagsterInstance, finished_before: datetime, limit: int = PER_TICK) -> int:
    """Deletes up to ``limit`` runs that finished before ``finished_before``, with their events; how many."""
    records = instance.get_run_records(dg.RunsFilter(statuses=FINISHED, updated_before=finished_before),
                                       limit=limit, ascending=True)
    for record in records:
        instance.delete_run(record.dagster_run.run_id)
    return len(records)


@dg.sensor(minimum_interval_seconds=3600, default_status=dg.DefaultSensorStatus.RUNNING,
           description="Deletes finished runs (with their logs and events) older than GLUE_RUN_RETENTION_DAYS "
                       "(default 30; 0 keeps every run). Queued and running runs are never touched.")
def run_retention_sensor(context: dg.SensorEvaluationContext, glue: GlueStoreResource):
    days = glue.store().settings.run_retention_days
    if not days:
        return dg.SkipReason("GLUE_RUN_RETENTION_DAYS is 0: runs are kept forever")
    deleted = purge_finished_runs(context.instance, datetime.now(timezone.utc) - timedelta(days=days))
    return dg.SkipReason(f"deleted {deleted} runs finished more than {days} days ago")
