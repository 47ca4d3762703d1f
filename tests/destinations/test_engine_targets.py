"""A sync config pointing at each warehouse: the engine's run hands dlt the right warehouse, dataset and tables.

The run is the real one (API-made store, emulated HubSpot, fresh tokens, planning,
reshaping to the data contract, extract and normalize) and stops where dlt would
connect to the warehouse: what dlt would load is inspected instead.
"""

from __future__ import annotations

import pytest
from dlt.common.destination.exceptions import UnsupportedDataType
from sqlalchemy import select

from glue_api.models import ConnectionSyncConfig
from glue_pipelines.sync.contract import GLUE_PREFIX, column_names, merge_key
from glue_pipelines.sync.runner import sync_connection
from tests.destinations.support import (
    BODIES,
    COUNTS,
    CUSTOMER,
    HEADERS,
    connect_to,
    stopped_before_loading,
)

FILE_FORMATS = {"bigquery": "jsonl", "snowflake": "parquet", "redshift": "parquet"}
DESTINATION_TYPES = {"bigquery": "dlt.destinations.bigquery", "snowflake": "dlt.destinations.snowflake",
                     "redshift": "dlt.destinations.redshift"}


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_run_targets_the_warehouse_dataset_and_tables(glue, emulators, monkeypatch, kind):
    hubspot = emulators("hubspot", COUNTS)
    connection_id = connect_to(glue, hubspot, BODIES[kind]())
    with stopped_before_loading(monkeypatch) as run:
        outcomes = sync_connection(glue.store, connection_id)

    pipeline = run.pipeline
    assert pipeline.destination.destination_type == DESTINATION_TYPES[kind]
    assert pipeline.dataset_name == "crm"
    jobs = [job for job in run.new_jobs() if not job.table_name.startswith("_dlt")]
    assert {(job.table_name, job.file_format) for job in jobs} == {
        ("hubspot_contacts", FILE_FORMATS[kind]), ("hubspot_companies", FILE_FORMATS[kind])}
    assert {o.object: o.records for o in outcomes} == COUNTS

    # The data contract as dlt will apply it: merged on the tenant key, typed columns.
    columns = column_names(GLUE_PREFIX)
    for table_name in ("hubspot_contacts", "hubspot_companies"):
        table = pipeline.default_schema.tables[table_name]
        assert table["write_disposition"] == "merge"
        assert {c for c, hints in table["columns"].items() if hints.get("primary_key")} == set(merge_key(column_names(GLUE_PREFIX)))
        assert table["columns"][columns["raw_data"]]["data_type"] == "json"
        assert table["columns"][columns["emitted_at"]]["data_type"] == "timestamp"
        assert table["columns"][columns["is_deleted"]]["data_type"] == "bool"

    # dlt's own pre-load checks of this schema and these files for this warehouse (types, keys, formats).
    client = pipeline.destination_client()
    client.verify_schema(new_jobs=jobs)

    # First run is a full sync: soft deletes follow for both tables.
    assert sorted((d.destination_type, d.table) for d in run.soft_deletes) == [
        (kind, "hubspot_companies"), (kind, "hubspot_contacts")]
    assert all(d.tenant.customer_id == CUSTOMER for d in run.soft_deletes)
    statuses = {r["status"] for r in glue.mgmt.get("/sync-runs").json()["results"]}
    assert statuses == {"SUCCESS"}


def test_redshift_run_stages_through_the_bucket(glue, emulators, monkeypatch):
    hubspot = emulators("hubspot", COUNTS)
    connection_id = connect_to(glue, hubspot, BODIES["redshift"]())
    with stopped_before_loading(monkeypatch) as run:
        sync_connection(glue.store, connection_id)
    staging = run.pipeline.destination_client().config.staging_config
    assert staging.bucket_url == "s3://glue-staging"
    assert staging.credentials.aws_access_key_id == "AKIAGLUETESTSTAGING"
    assert staging.credentials.region_name == "us-west-2"


def test_bigquery_refuses_parquet_for_the_raw_data_column(glue, emulators, monkeypatch):
    """Why BigQuery loads JSONL: dlt will not load a JSON column from Parquet without schema autodetection."""
    hubspot = emulators("hubspot", COUNTS)
    connection_id = connect_to(glue, hubspot, BODIES["bigquery"]())
    with stopped_before_loading(monkeypatch) as run:
        sync_connection(glue.store, connection_id)
    jobs = [job._replace(file_format="parquet") for job in run.new_jobs() if not job.table_name.startswith("_dlt")]
    with pytest.raises(UnsupportedDataType, match="_glue_raw_data"):
        run.pipeline.destination_client().verify_schema(new_jobs=jobs)


@pytest.mark.parametrize("kind", ["snowflake", "redshift"])
def test_connection_overrides_schema_and_table(glue, emulators, monkeypatch, kind):
    hubspot = emulators("hubspot", COUNTS)
    connection_id = connect_to(glue, hubspot, BODIES[kind]())
    overrides = {"destination_config": {"type": "postgres", "schema": "acme"},  # the spec's only upsert shape
                 "standard_objects": [{"object": "contacts", "table": "acme_contacts"}, {"object": "companies"}]}
    assert glue.mgmt.put("/connection_sync_configs", headers=HEADERS, json=overrides).status_code == 200
    with stopped_before_loading(monkeypatch) as run:
        sync_connection(glue.store, connection_id)
    assert run.pipeline.dataset_name == "acme"
    assert {job.table_name for job in run.new_jobs()} >= {"acme_contacts", "hubspot_companies"}
    qualified = run.pipeline.sql_client().make_qualified_table_name("acme_contacts")
    assert qualified == {"snowflake": '"ACME"."ACME_CONTACTS"', "redshift": '"acme"."acme_contacts"'}[kind]


def test_bigquery_dataset_override(glue, emulators, monkeypatch):
    hubspot = emulators("hubspot", COUNTS)
    connection_id = connect_to(glue, hubspot, BODIES["bigquery"]())
    # The upsert endpoint takes only the spec's Postgres shape; a stored BigQuery `dataset` override
    # (the spec's read shape) is what the engine reads for BigQuery.
    with glue.store.session_factory() as session:
        session.add(ConnectionSyncConfig(connection_id=connection_id, config={
            "destination_config": {"type": "bigquery", "dataset": "acme"},
            "standard_objects": [{"object": "contacts", "table": "acme_contacts"}],
        }))
        session.commit()
        assert session.execute(select(ConnectionSyncConfig)).scalar_one().connection_id == connection_id
    with stopped_before_loading(monkeypatch) as run:
        sync_connection(glue.store, connection_id)
    assert run.pipeline.dataset_name == "acme"
    assert {job.table_name for job in run.new_jobs() if not job.table_name.startswith("_dlt")} == {"acme_contacts"}
    assert run.pipeline.sql_client().make_qualified_table_name("acme_contacts") == "`glue-test-project`.`acme`.`acme_contacts`"
