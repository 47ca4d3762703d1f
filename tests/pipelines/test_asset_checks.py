"""Asset checks on a real PostgreSQL warehouse: they pass after a clean sync and fail when SQL breaks the data."""

import dagster as dg
import duckdb
import pytest
from sqlalchemy import create_engine, text

from glue_pipelines.assets import build_sync_assets
from glue_pipelines.checks.specs import FRESH, RECONCILED, UNIQUE_KEYS
from glue_pipelines.destinations.factory import MANAGED_WAREHOUSE_FILE
from glue_providers import registry
from tests.pipelines.test_common_objects import HUBSPOT_DATA, connect_common
from tests.pipelines.scenario import connect
from tests.pipelines.test_materialize import glue_resource
from tests.pipelines.test_schemas_and_entities import PERSON
from tests.pipelines.test_schemas_and_entities import connect as connect_entities
from tests.support.warehouse import postgres_destination_body

PERSONS = dg.AssetKey(["pipedrive", "persons"])


def run(glue, scenario, instance, selection) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [build_sync_assets(registry.get("pipedrive"))], partition_key=scenario.connection_id, instance=instance,
        resources={"glue": glue_resource(glue)}, selection=selection, raise_on_error=False,
    )


def evaluations(result) -> dict[str, dg.AssetCheckEvaluation]:
    return {e.check_name: e for e in result.get_asset_check_evaluations() if e.asset_key == PERSONS}


def checks_alone(glue, scenario, instance) -> dict[str, dg.AssetCheckEvaluation]:
    """The checks executed on their own, as the UI's "Execute" on a check launches them: a job of checks only,
    the partition in the run's tag (Dagster 1.13 validates a ``partition_key`` argument against selected assets)."""
    selection = dg.AssetSelection.checks(*(dg.AssetCheckKey(PERSONS, name) for name in (UNIQUE_KEYS, RECONCILED, FRESH)))
    defs = dg.Definitions(assets=[build_sync_assets(registry.get("pipedrive"))], resources={"glue": glue_resource(glue)},
                          jobs=[dg.define_asset_job("checks", selection=selection)])
    result = defs.resolve_job_def("checks").execute_in_process(
        tags={"dagster/partition": scenario.connection_id}, instance=instance, raise_on_error=False)
    assert result.success
    assert not result.get_asset_materialization_events()  # the checks ran without syncing again
    return evaluations(result)


def execute_sql(url: str, sql: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(sql))
    engine.dispose()


@pytest.fixture
def synced(glue, emulators, warehouse_url):
    scenario = connect(glue, emulators("pipedrive", {"persons": 40, "organizations": 5}), warehouse_url)
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("pipedrive_connections", [scenario.connection_id])
        result = run(glue, scenario, instance, dg.AssetSelection.assets(PERSONS))
        assert result.success
        yield scenario, instance, evaluations(result)


def test_checks_pass_after_a_clean_full_sync(glue, synced):
    scenario, instance, after_sync = synced
    assert set(after_sync) == {UNIQUE_KEYS, RECONCILED, FRESH}  # evaluated in the sync's own step
    assert all(e.passed for e in after_sync.values()), {n: e.description for n, e in after_sync.items()}
    reconciled = after_sync[RECONCILED].metadata
    assert reconciled["reconciled"].value is True
    assert reconciled["provider_live_records"].value == reconciled["destination_live_rows"].value == 40
    assert all(e.passed for e in checks_alone(glue, scenario, instance).values())


def test_a_duplicated_primary_key_fails_the_uniqueness_check(glue, synced):
    scenario, instance, _ = synced
    execute_sql(scenario.warehouse_url, f"INSERT INTO {scenario.table('persons')} "
                                        f"SELECT * FROM {scenario.table('persons')} LIMIT 1")
    found = checks_alone(glue, scenario, instance)
    assert not found[UNIQUE_KEYS].passed
    assert found[UNIQUE_KEYS].metadata["duplicated_ids"].value == 1
    assert found[UNIQUE_KEYS].severity == dg.AssetCheckSeverity.ERROR


def test_missing_rows_fail_the_reconciliation(glue, synced):
    scenario, instance, _ = synced
    table = scenario.table("persons")
    execute_sql(scenario.warehouse_url,
                f"DELETE FROM {table} WHERE _glue_id IN (SELECT _glue_id FROM {table} ORDER BY _glue_id LIMIT 3)")
    found = checks_alone(glue, scenario, instance)
    assert found[UNIQUE_KEYS].passed
    assert not found[RECONCILED].passed
    assert found[RECONCILED].metadata["destination_live_rows"].value == 37
    assert found[RECONCILED].metadata["provider_live_records"].value == 40


def test_freshness_fails_once_two_periods_pass_without_a_sync(glue, synced):
    scenario, instance, _ = synced
    # The last successful run of every sync of the connection, moved back three periods (period_ms = 60 s).
    with glue.store.engine.begin() as connection:
        connection.execute(text("UPDATE sync_runs SET end_timestamp = end_timestamp - INTERVAL '3 minutes'"
                                if glue.store.engine.dialect.name == "postgresql" else
                                "UPDATE sync_runs SET end_timestamp = datetime(end_timestamp, '-3 minutes')"))
    found = checks_alone(glue, scenario, instance)
    assert not found[FRESH].passed and "stale" in found[FRESH].description
    assert found[FRESH].severity == dg.AssetCheckSeverity.WARN


def test_an_object_the_connection_does_not_sync_fails_with_a_clear_message(glue, emulators, warehouse_url):
    scenario = connect(glue, emulators("pipedrive", {"persons": 5, "organizations": 5}), warehouse_url,
                       objects=["persons"])
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("pipedrive_connections", [scenario.connection_id])
        result = run(glue, scenario, instance, dg.AssetSelection.assets(dg.AssetKey(["pipedrive", "organizations"])))
        assert not result.success
        failure = next(e for e in result.all_events if e.is_step_failure)
        message = str(failure.step_failure_data.error)
        assert f"connection {scenario.connection_id} does not sync pipedrive/organizations" in message
        assert "persons" in message
        # The whole group (the UI's "Materialize all") syncs what the connection lists.
        everything = run(glue, scenario, instance, dg.AssetSelection.groups("pipedrive"))
        assert everything.success
        assert {e.asset_key for e in everything.get_asset_materialization_events()} == {PERSONS}
        assert len(scenario.rows("persons")) == 5
        # A paused object picked by name fails too, with the pause's reason.
        headers = {"x-customer-id": "c1", "x-provider-name": "pipedrive"}
        assert glue.mgmt.post("/syncs/_pause", json={"object_type": "standard", "object": "persons"},
                              headers=headers).json()["paused"] is True
        paused = run(glue, scenario, instance, dg.AssetSelection.assets(PERSONS))
        assert not paused.success
        message = str(next(e for e in paused.all_events if e.is_step_failure).step_failure_data.error)
        assert f"connection {scenario.connection_id} has paused pipedrive/persons (paused through the API)" in message


def test_common_objects_in_the_managed_duckdb_destination(glue, emulators):
    """The same checks on common objects (unprefixed record columns) in the embedded DuckDB warehouse."""
    emulated = emulators("hubspot", HUBSPOT_DATA)
    connection_id = connect_common(glue, emulated, {"type": "supaglue"}, "supaglue")
    contact = dg.AssetKey(["hubspot", "common_contact"])
    assets = build_sync_assets(registry.get("hubspot"))
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("hubspot_connections", [connection_id])
        synced = dg.materialize([assets], partition_key=connection_id, instance=instance,
                                resources={"glue": glue_resource(glue)}, selection=dg.AssetSelection.groups("hubspot"))
        found = {(e.asset_key.path[-1], e.check_name): e for e in synced.get_asset_check_evaluations()}
        assert found[("common_contact", RECONCILED)].metadata["destination_live_rows"].value == HUBSPOT_DATA["contacts"]
        assert all(e.passed for e in found.values()), {k: e.description for k, e in found.items() if not e.passed}
        assert found[("contacts", UNIQUE_KEYS)].description.startswith("the connection does not sync")

        with duckdb.connect(str(glue.settings.home / MANAGED_WAREHOUSE_FILE)) as db:
            db.execute("INSERT INTO glue.crm_contacts SELECT * FROM glue.crm_contacts LIMIT 2")
        checks = dg.AssetSelection.checks(*(dg.AssetCheckKey(contact, n) for n in (UNIQUE_KEYS, RECONCILED)))
        defs = dg.Definitions(assets=[assets], resources={"glue": glue_resource(glue)},
                              jobs=[dg.define_asset_job("checks", selection=checks)])
        result = defs.resolve_job_def("checks").execute_in_process(
            tags={"dagster/partition": connection_id}, instance=instance)
        after = {e.check_name: e for e in result.get_asset_check_evaluations()}
        assert not after[UNIQUE_KEYS].passed and after[UNIQUE_KEYS].metadata["duplicated_ids"].value == 2
        assert not after[RECONCILED].passed  # two more live rows than the provider gave


def test_an_unreachable_destination_fails_the_checks_without_its_secrets(glue, synced, warehouse_url):
    scenario, instance, _ = synced
    secret = "checks_secret_7f3a9b"  # also the user name: the server's refusal quotes it
    body = postgres_destination_body(warehouse_url)
    body["config"] |= {"user": secret, "password": secret}
    destination = glue.mgmt.get("/destinations").json()[0]
    body["version"] = destination["version"]
    updated = glue.mgmt.put(f"/destinations/{destination['id']}", json=body)
    assert updated.status_code == 200, updated.text
    selection = dg.AssetSelection.checks(dg.AssetCheckKey(PERSONS, UNIQUE_KEYS))
    defs = dg.Definitions(assets=[build_sync_assets(registry.get("pipedrive"))], resources={"glue": glue_resource(glue)},
                          jobs=[dg.define_asset_job("checks", selection=selection)])
    result = defs.resolve_job_def("checks").execute_in_process(
        tags={"dagster/partition": scenario.connection_id}, instance=instance, raise_on_error=False)
    assert not result.success
    error = next(e for e in result.all_events if e.is_step_failure).step_failure_data.error
    text = error.to_string()
    assert "DestinationUnreachable" in text and "***" in text
    assert secret not in text


def test_entity_syncs_are_checked_in_their_entity_table(glue, emulators, warehouse_url):
    emulated = emulators("hubspot", {"contacts": 15})
    person = glue.mgmt.post("/entities", json=PERSON).json()
    default = {"entity_id": person["id"], "object": {"type": "standard", "name": "contacts"},
               "field_mappings": [{"entity_field": "given_name", "mapped_field": "firstname"}]}
    connection_id = connect_entities(glue, emulated, warehouse_url, {"entity_mappings": [default]},
                                     {"standard_objects": [], "entities": [{"entity_id": person["id"]}]})
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("hubspot_connections", [connection_id])
        result = dg.materialize([build_sync_assets(registry.get("hubspot"))], partition_key=connection_id,
                                instance=instance, resources={"glue": glue_resource(glue)},
                                selection=dg.AssetSelection.groups("hubspot"))
    found = {e.check_name: e for e in result.get_asset_check_evaluations() if e.asset_key.path[-1] == "entities"}
    assert all(e.passed for e in found.values()), {n: e.description for n, e in found.items()}
    assert found[UNIQUE_KEYS].metadata["tables"].value == "entity_person"
    assert found[RECONCILED].metadata["destination_live_rows"].value == 15
