"""One live run per connection whichever way it was launched: the sensor sees the UI's, the CLI's, backfills'
and batch runs, and the engine refuses a second run of a connection another live run is syncing."""

import threading
import time

import dagster as dg
import yaml
from sqlalchemy import select

from glue_api.models import Sync, SyncRun
from glue_api.syncs.service import start_runs
from glue_pipelines.batch import BATCH_TAG, batch_run_config, build_batch_job
from glue_pipelines.sensors import build_due_syncs_sensor
from glue_pipelines.sync.claim import claim_connection
from tests.pipelines.scenario import connect
from tests.pipelines.test_materialize import ROOT, glue_resource
from tests.pipelines.test_sensors import resource, seed


@dg.op
def placeholder():
    pass


@dg.job
def some_run():
    placeholder()


def queued_run(instance, tags=None, job=some_run, run_config=None) -> dg.DagsterRun:
    """A run Dagster has created and not finished, as a UI launch or a backfill leaves one in the queue."""
    return instance.create_run_for_job(job, tags=tags or {}, run_config=run_config)


def test_the_sensor_skips_connections_a_ui_backfill_or_batch_run_already_has(glue_on_each_store, monkeypatch):
    glue = glue_on_each_store
    ids = seed(glue, customers=("c1", "c2", "c3"))
    monkeypatch.setenv("GLUE_SYNC_BATCH_SIZE", "1")
    sensor = build_due_syncs_sensor("hubspot")
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("hubspot_connections", ids)
        queued_run(instance, {"dagster/partition": ids[0]})  # the UI's or a backfill's: no Glue tag at all
        batch = build_batch_job("hubspot")
        queued_run(instance, {BATCH_TAG: "1"}, batch, batch_run_config("hubspot", {ids[1]: []}))
        requests = sensor(dg.build_sensor_context(instance=instance, resources={"glue": resource(glue)}))
        assert [r.partition_key for r in requests] == [ids[2]]


def test_connections_due_together_share_batch_runs(glue, monkeypatch):
    ids = seed(glue, customers=("c1", "c2", "c3"))
    monkeypatch.setenv("GLUE_SYNC_BATCH_SIZE", "2")
    sensor = build_due_syncs_sensor("hubspot")
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("hubspot_connections", ids)
        requests = sensor(dg.build_sensor_context(instance=instance, resources={"glue": resource(glue)}))
    batch, single = requests
    assert batch.job_name == "hubspot_batch_sync" and batch.tags[BATCH_TAG] == "2"
    listed = batch.run_config["ops"]["hubspot_sync_connections"]["config"]["connections"]
    assert [item["connection_id"] for item in listed] == sorted(ids)[:2]
    assert all(len(item["sync_ids"]) == 2 for item in listed)
    assert single.job_name == "hubspot_connection_sync" and single.partition_key == sorted(ids)[2]


def test_the_claim_on_a_connection_is_atomic(glue_on_each_store):
    glue = glue_on_each_store
    [connection_id] = seed(glue, customers=("c1",))
    seen = []
    first = glue.store.session_factory()
    try:
        assert claim_connection(first, connection_id, "run-a") is None
        start_runs(first, list(first.execute(select(Sync)).scalars()), "run-a")

        def second_claim():
            with glue.store.session_factory() as second:
                seen.append(claim_connection(second, connection_id, "run-b"))
                second.rollback()

        waiting = threading.Thread(target=second_claim)
        waiting.start()
        time.sleep(0.5)  # let the second claim reach the lock first; the outcome is the same if it did not
        first.commit()
    finally:
        first.close()
    waiting.join()
    assert seen == ["run-a"]  # it waited for the first claim's sync runs, and saw them


def test_a_ui_launch_never_overlaps_a_sensor_run_of_the_same_connection(glue, emulators, warehouse_url):
    emulated = emulators("pipedrive", {"persons": 30, "organizations": 5})
    scenario = connect(glue, emulated, warehouse_url)
    assets = [dg.AssetKey(["pipedrive", "persons"]), dg.AssetKey(["pipedrive", "organizations"])]
    from glue_pipelines.assets import build_sync_assets
    from glue_providers import registry
    definition = build_sync_assets(registry.get("pipedrive"))
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("pipedrive_connections", [scenario.connection_id])
        # The sensor's run has started syncing: its sync runs are in progress and Dagster has not finished it.
        sensor_run = queued_run(instance, {"glue/connection": scenario.connection_id, "glue/provider": "pipedrive"})
        with glue.store.session_factory.begin() as session:
            start_runs(session, list(session.execute(select(Sync)).scalars()), sensor_run.run_id)

        def ui_launch():  # what the UI's "Materialize" or `dagster asset materialize --partition` runs: no Glue tag
            return dg.materialize([definition], partition_key=scenario.connection_id, instance=instance,
                                  resources={"glue": glue_resource(glue)}, selection=assets)

        overlapping = ui_launch()
        assert overlapping.success and overlapping.get_asset_materialization_events() == []
        with glue.store.session_factory() as session:
            assert {r.orchestrator_run_id for r in session.execute(select(SyncRun)).scalars()} == {sensor_run.run_id}

        # Once Dagster says the sensor's run is over (it died), the connection is free again.
        instance.report_run_failed(sensor_run)
        after = ui_launch()
        assert after.success and len(after.get_asset_materialization_events()) == 2
    assert len(scenario.rows("persons")) == 30
    with glue.store.session_factory() as session:
        statuses = {(r.orchestrator_run_id, r.status) for r in session.execute(select(SyncRun)).scalars()}
    assert statuses == {(sensor_run.run_id, "FAILURE"), (after.run_id, "SUCCESS")}


def test_the_shipped_instances_limit_every_partitioned_run_and_every_provider():
    for path in (ROOT / "dagster.yaml", ROOT / "glue_pipelines" / "instance" / "embedded.yaml"):
        concurrency = yaml.safe_load(path.read_text())["concurrency"]
        limits = {limit["key"]: limit for limit in concurrency["runs"]["tag_concurrency_limits"]}
        assert limits["dagster/partition"]["limit"] == 1 and limits["dagster/partition"]["value"] == {
            "applyLimitPerUniqueValue": True}
        assert concurrency["pools"]["granularity"] == "op" and concurrency["pools"]["default_limit"] >= 1
