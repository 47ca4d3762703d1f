"""Finished runs older than the retention are deleted with their events; newer or unfinished ones stay."""

from datetime import datetime, timezone

import dagster as dg

from glue_pipelines.retention import purge_finished_runs, run_retention_sensor
from tests.pipelines.test_sensors import resource


@dg.op
def step():
    pass


@dg.job
def finished_job():
    step()


def test_only_finished_runs_older_than_the_cutoff_are_deleted():
    with dg.instance_for_test() as instance:
        old = finished_job.execute_in_process(instance=instance).run_id
        unfinished_old = instance.create_run_for_job(finished_job).run_id
        cutoff = datetime.now(timezone.utc)
        recent = finished_job.execute_in_process(instance=instance).run_id
        assert purge_finished_runs(instance, cutoff) == 1
        assert instance.get_run_by_id(old) is None and not instance.all_logs(old)
        assert instance.get_run_by_id(unfinished_old) is not None and instance.get_run_by_id(recent) is not None


def test_a_retention_of_zero_keeps_every_run(glue, monkeypatch):
    monkeypatch.setenv("GLUE_RUN_RETENTION_DAYS", "0")
    with dg.instance_for_test() as instance:
        kept = finished_job.execute_in_process(instance=instance).run_id
        result = run_retention_sensor(dg.build_sensor_context(instance=instance, resources={"glue": resource(glue)}))
        assert isinstance(result, dg.SkipReason) and "kept forever" in result.skip_message
        assert instance.get_run_by_id(kept) is not None
