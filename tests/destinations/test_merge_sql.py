"""The merge of the data contract, as dlt writes it for Snowflake and Redshift, run where it can run offline.

Glue does not write this SQL (dlt does, from the merge key and the dedup hint Glue
gives each table), but it is what makes a retried run idempotent, so it is run here:
on fakesnow for Snowflake, on PostgreSQL for Redshift. Loading the staging tables
(PUT/COPY from files) does not run offline; rows are inserted into them directly.
"""

from __future__ import annotations

import json
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fakesnow
from dlt.destinations.impl.redshift.redshift import RedshiftMergeJob
from dlt.destinations.impl.snowflake.snowflake import SnowflakeMergeJob
from sqlalchemy.engine import make_url

from glue_pipelines.destinations.factory import build_target
from tests.destinations.support import (
    REDSHIFT_TABLE_ON_POSTGRES,
    create_with_dlt_ddl,
    insert_contract_rows,
    job_client,
    redshift_body,
    select_contract_rows,
    snowflake_body,
)

TABLE = "hubspot_contacts"
T0 = datetime(2026, 3, 1, tzinfo=UTC)


def row(customer: str, remote_id: str, modified_minutes: int, value: str) -> dict:
    return {"application_id": "app-1", "provider_name": "hubspot", "customer_id": customer, "id": remote_id,
            "emitted_at": T0, "last_modified_at": T0 + timedelta(minutes=modified_minutes), "is_deleted": False,
            "raw_data": {"v": value}}


IN_WAREHOUSE = [row("c1", "a", 0, "old"), row("c2", "a", 0, "other customer's")]
STAGED = [
    row("c1", "a", 5, "newer"),
    row("c1", "a", 9, "newest"),  # the same record twice in one batch: the latest modification wins
    row("c1", "b", 1, "new record"),
]
MERGED = {("c1", "a"): "newest", ("c1", "b"): "new record", ("c2", "a"): "other customer's"}


def merged(sql_client) -> dict:
    rows = select_contract_rows(sql_client, TABLE, "customer_id", "id", "raw_data")
    assert len(rows) == len(MERGED), rows  # one row per (application, provider, customer, id)
    return {(customer, remote_id): _value(raw) for customer, remote_id, raw in rows}


def _value(raw) -> str:
    return (json.loads(raw) if isinstance(raw, str) else raw)["v"]


def test_snowflake_merge_on_fakesnow(contract_schema):
    client = job_client(build_target("snowflake", snowflake_body()["config"], Path("/nonexistent")), contract_schema)
    with fakesnow.patch(create_database_on_connect=True, create_schema_on_connect=False):
        with client.sql_client as sql_client:
            create_with_dlt_ddl(client, TABLE)
            insert_contract_rows(sql_client, "snowflake", TABLE, IN_WAREHOUSE)
            with sql_client.with_staging_dataset():
                create_with_dlt_ddl(client, TABLE)
                insert_contract_rows(sql_client, "snowflake", TABLE, STAGED)
            for statement in SnowflakeMergeJob.generate_sql([client.prepare_load_table(TABLE)], sql_client):
                sql_client.execute_sql(statement)
            assert merged(sql_client) == MERGED


def test_redshift_merge_on_postgresql(contract_schema, warehouse_url):
    url = make_url(warehouse_url)
    config = redshift_body(host=url.host, port=url.port, username=url.username, password=url.password,
                           database=url.database)["config"]
    client = job_client(build_target("redshift", config, Path("/nonexistent")), contract_schema)
    with client.sql_client as sql_client:
        for staging in (False, True):
            with sql_client.with_staging_dataset() if staging else nullcontext():
                sql_client.create_dataset()
                sql_client.execute_sql(REDSHIFT_TABLE_ON_POSTGRES.format(table=sql_client.make_qualified_table_name(TABLE)))
                insert_contract_rows(sql_client, "redshift", TABLE, STAGED if staging else IN_WAREHOUSE)
        for statement in RedshiftMergeJob.generate_sql([client.prepare_load_table(TABLE)], sql_client):
            sql_client.execute_sql(statement)
        assert merged(sql_client) == MERGED

