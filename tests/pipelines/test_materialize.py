"""Dagster materializes one connection's partition, on an ephemeral and on a PostgreSQL-backed instance."""

import shutil
from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy.engine import make_url

from glue_pipelines.assets import build_sync_assets
from glue_pipelines.resources import GlueStoreResource
from glue_providers import registry
from tests.pipelines.scenario import OBJECTS, connect
from tests.support.warehouse import create_warehouse_database, drop_warehouse_database

ROOT = Path(__file__).resolve().parents[2]
PROVIDERS = ["pipedrive", "hubspot", "salesforce"]


def glue_resource(glue) -> GlueStoreResource:
    # The engine reads provider URLs from the environment in production; here the test's settings carry them.
    resource = GlueStoreResource(database_url=glue.settings.resolved_database_url, home=str(glue.settings.home),
                                 secret_key=glue.store.keyring.serialize())
    resource.store().settings.provider_base_urls.update(glue.settings.provider_base_urls)
    return resource


def materialize_partition(glue, provider, connection_id, instance) -> dg.ExecuteInProcessResult:
    assets = build_sync_assets(registry.get(provider))
    instance.add_dynamic_partitions(f"{provider}_connections", [connection_id])
    return dg.materialize(
        [assets], partition_key=connection_id, instance=instance, resources={"glue": glue_resource(glue)},
        selection=[dg.AssetKey([provider, o]) for o in OBJECTS[provider]],
        tags={"glue/connection": connection_id, "glue/provider": provider},
    )


@pytest.mark.parametrize("provider", PROVIDERS)
def test_materialize_one_partition(glue, emulators, warehouse_url, provider):
    emulated = emulators(provider, {OBJECTS[provider][0]: 120, OBJECTS[provider][1]: 30})
    scenario = connect(glue, emulated, warehouse_url)
    with dg.instance_for_test() as instance:
        result = materialize_partition(glue, provider, scenario.connection_id, instance)
    assert result.success
    materialized = {e.asset_key.path[-1]: e.materialization.metadata for e in result.get_asset_materialization_events()}
    assert materialized[OBJECTS[provider][0]]["records"].value == 120
    # Dagster's own entries: the rows this run wrote, the table holding them and its columns as dlt knows them.
    metadata = materialized[OBJECTS[provider][0]]
    assert metadata["dagster/row_count"].value == 120
    table = metadata["dagster/table_name"].value
    assert table.endswith(f".{provider}_{OBJECTS[provider][0].lower()}") or table.endswith(f".{provider}_{OBJECTS[provider][0]}")
    columns = {column.name: column.type for column in metadata["dagster/column_schema"].value.columns}
    assert {"_glue_id", "_glue_is_deleted", "_glue_raw_data"} <= set(columns) and columns["_glue_is_deleted"] == "bool"
    assert len(scenario.rows(OBJECTS[provider][0])) == 120
    runs = glue.mgmt.get("/sync-runs").json()["results"]
    assert {r["status"] for r in runs} == {"SUCCESS"} and len(runs) == 2


def test_production_instance_on_postgres(glue, emulators, warehouse_url, tmp_path, monkeypatch):
    """dagster.yaml as shipped, with dagster-postgres storage on the test server (a database of its own:
    Dagster keeps its own Alembic version table)."""
    server = make_url(create_warehouse_database())
    for name, value in {"DAGSTER_PG_HOST": server.host, "DAGSTER_PG_PORT": str(server.port),
                        "DAGSTER_PG_USER": server.username, "DAGSTER_PG_PASSWORD": server.password,
                        "DAGSTER_PG_DB": server.database}.items():
        monkeypatch.setenv(name, value)
    shutil.copy(ROOT / "dagster.yaml", tmp_path / "dagster.yaml")
    emulated = emulators("pipedrive", {"persons": 50, "organizations": 10})
    scenario = connect(glue, emulated, warehouse_url)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        result = materialize_partition(glue, "pipedrive", scenario.connection_id, instance)
        assert result.success
        stored = instance.get_run_by_id(result.run_id)
        assert stored.tags["glue/connection"] == scenario.connection_id
    assert len(scenario.rows("persons")) == 50
    drop_warehouse_database(server.render_as_string(hide_password=False))
