"""A batch run syncs several connections of one provider: each gets its own sync runs and materializations,
and one connection's failure does not stop the others."""

import dagster as dg
from sqlalchemy import select

from glue_api.models import Sync, SyncRun
from glue_pipelines.batch import batch_run_config, build_batch_job
from tests.pipelines.scenario import connect
from tests.pipelines.test_materialize import glue_resource


def statuses_by_connection(glue) -> dict[str, list[str]]:
    with glue.store.session_factory() as session:
        rows = session.execute(select(Sync.connection_id, SyncRun.status).join(Sync, Sync.id == SyncRun.sync_id))
        found: dict[str, list[str]] = {}
        for connection_id, status in rows:
            found.setdefault(connection_id, []).append(status)
    return {cid: sorted(statuses) for cid, statuses in found.items()}


def test_a_batch_records_each_connection_and_one_refused_connection_does_not_stop_the_others(
        glue, emulators, warehouse_url):
    emulated = emulators("pipedrive", {"persons": 40, "organizations": 7})
    scenario = connect(glue, emulated, warehouse_url)
    glue.mgmt.put("/customers", json={"customer_id": "c2", "name": "Initech", "email": "it@initech.test"})
    refused = glue.mgmt.post("/customers/c2/connections", json={
        "provider_name": "pipedrive", "type": "oauth2", "refresh_token": "a-token-pipedrive-never-issued"})
    assert refused.status_code == 200, refused.text
    refused_id, good_id = refused.json()["id"], scenario.connection_id

    with dg.instance_for_test() as instance:
        # The refused connection first: the batch must go on to the next one.
        result = build_batch_job("pipedrive").execute_in_process(
            run_config=batch_run_config("pipedrive", {refused_id: [], good_id: []}), instance=instance,
            resources={"glue": glue_resource(glue)}, raise_on_error=False)
        assert not result.success  # documented: a batch with a failed connection ends failed, after all of them
        materialized = {
            (key.to_user_string(), record.partition_key, record.asset_materialization.metadata["records"].value)
            for key in (dg.AssetKey(["pipedrive", "persons"]), dg.AssetKey(["pipedrive", "organizations"]))
            for record in instance.fetch_materializations(key, limit=10).records}
        assert materialized == {("pipedrive/persons", good_id, 40), ("pipedrive/organizations", good_id, 7)}
        # The materializations count for the connection's partition of the provider's assets.
        assert instance.get_materialized_partitions(dg.AssetKey(["pipedrive", "persons"])) == {good_id}
        assert set(instance.get_dynamic_partitions("pipedrive_connections")) == {good_id, refused_id}
        # Each synced connection's checks are evaluated for its partition, as a single-connection run does.
        evaluations = [entry.dagster_event.asset_check_evaluation_data for entry in
                       instance.all_logs(result.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)]
        checks = {(e.check_name, e.partition, e.passed) for e in evaluations
                  if e.asset_key == dg.AssetKey(["pipedrive", "persons"])}
        assert checks == {("unique_primary_key", good_id, True), ("reconciled_with_provider", good_id, True),
                          ("synced_within_period", good_id, True)}

    assert statuses_by_connection(glue) == {good_id: ["SUCCESS", "SUCCESS"], refused_id: ["FAILURE", "FAILURE"]}
    assert len(scenario.rows("persons")) == 40
    failures = [run["error_message"] for run in glue.mgmt.get("/sync-runs").json()["results"]
                if run["status"] == "FAILURE"]
    assert len(failures) == 2 and all("refused" in message and "a-token-pipedrive-never-issued" not in message
                                      for message in failures)
