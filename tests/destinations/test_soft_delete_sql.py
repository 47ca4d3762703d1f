"""The one statement Glue itself sends to a warehouse, the soft-delete UPDATE, run where it can run offline.

- Snowflake: on fakesnow (Snowflake's dialect over DuckDB), through dlt's Snowflake SQL
  client, on the table as dlt's Snowflake DDL creates it.
- Redshift: through dlt's Redshift SQL client (psycopg2) on PostgreSQL, Redshift's
  ancestor; the table is written by hand because dlt's Redshift DDL (varchar(max),
  SUPER) is not PostgreSQL's.
- BigQuery: no engine runs offline, so the test stops at the last step before the
  network: the query and typed parameters BigQuery's DB-API hands its client.
- PostgreSQL and DuckDB, as before, for the count of marked rows.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import fakesnow
import pytest
import sqlglot
from dlt.common.schema import Schema
from sqlalchemy.engine import make_url

from glue_pipelines.destinations.factory import build_target
from glue_pipelines.destinations.soft_delete import (
    mark_unseen_with,
    soft_delete_params,
    soft_delete_sql,
)
from glue_pipelines.sync.contract import GLUE_PREFIX, Tenant, column_names
from tests.destinations.support import (
    REDSHIFT_TABLE_ON_POSTGRES,
    bigquery_body,
    create_with_dlt_ddl,
    insert_contract_rows,
    job_client,
    redshift_body,
    select_contract_rows,
    snowflake_body,
)
from tests.support.warehouse import postgres_destination_body

COLUMNS = column_names(GLUE_PREFIX)

TABLE = "hubspot_contacts"
NOWHERE = Path("/nonexistent")  # the warehouses keep nothing on this machine
TENANT = Tenant(application_id="app-1", customer_id="c1", provider_name="hubspot")
STARTED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
BEFORE, AFTER = STARTED - timedelta(hours=1), STARTED + timedelta(minutes=1)


def row(application, provider, customer, remote_id, emitted_at, is_deleted) -> dict:
    return {"application_id": application, "provider_name": provider, "customer_id": customer, "id": remote_id,
            "emitted_at": emitted_at, "last_modified_at": BEFORE, "is_deleted": is_deleted, "raw_data": {"id": remote_id}}


ROWS = [
    row("app-1", "hubspot", "c1", "unseen", BEFORE, False),  # the one to mark
    row("app-1", "hubspot", "c1", "seen", AFTER, False),
    row("app-1", "hubspot", "c1", "gone", BEFORE, True),  # marked by an earlier sync: not counted again
    row("app-1", "hubspot", "c2", "other-customer", BEFORE, False),
    row("app-1", "salesforce", "c1", "other-provider", BEFORE, False),
    row("app-2", "hubspot", "c1", "other-application", BEFORE, False),
]
DELETED_AFTER = {"unseen", "gone"}


def deleted_ids(sql_client) -> set[str]:
    rows = select_contract_rows(sql_client, TABLE, "id", "is_deleted")
    assert len(rows) == len(ROWS)
    return {remote_id for remote_id, is_deleted in rows if is_deleted}


def test_snowflake_update_on_fakesnow(contract_schema):
    client = job_client(build_target("snowflake", snowflake_body()["config"], NOWHERE), contract_schema)
    with fakesnow.patch(create_database_on_connect=True, create_schema_on_connect=False):
        with client.sql_client as sql_client:
            create_with_dlt_ddl(client, TABLE)
            insert_contract_rows(sql_client, "snowflake", TABLE, ROWS)
            assert mark_unseen_with(sql_client, "snowflake", TABLE, TENANT, STARTED, COLUMNS) == 1
            assert deleted_ids(sql_client) == DELETED_AFTER
            # Run again: nothing left to mark.
            assert mark_unseen_with(sql_client, "snowflake", TABLE, TENANT, STARTED, COLUMNS) == 0


def test_snowflake_update_as_the_connector_sends_it(contract_schema):
    """The Snowflake connector binds parameters on the client: the text it would send, run on fakesnow as is."""
    from snowflake.connector.converter import SnowflakeConverter

    converter = SnowflakeConverter()
    client = job_client(build_target("snowflake", snowflake_body()["config"], NOWHERE), contract_schema)
    with fakesnow.patch(create_database_on_connect=True, create_schema_on_connect=False):
        with client.sql_client as sql_client:
            create_with_dlt_ddl(client, TABLE)
            insert_contract_rows(sql_client, "snowflake", TABLE, ROWS)
            bound = tuple(converter.quote(converter.escape(converter.to_snowflake(p)))
                          for p in soft_delete_params(TENANT, STARTED))
            sql_client.execute_sql(soft_delete_sql(sql_client, "snowflake", TABLE, COLUMNS) % bound)
            assert deleted_ids(sql_client) == DELETED_AFTER


def test_snowflake_statement_uses_upper_case_quoted_names():
    client = job_client(build_target("snowflake", snowflake_body()["config"], NOWHERE), Schema("glue"))
    assert soft_delete_sql(client.sql_client, "snowflake", TABLE, COLUMNS) == (
        'UPDATE "CRM"."HUBSPOT_CONTACTS" SET "_GLUE_IS_DELETED" = TRUE WHERE "_GLUE_APPLICATION_ID" = %s '
        'AND "_GLUE_PROVIDER_NAME" = %s AND "_GLUE_CUSTOMER_ID" = %s AND "_GLUE_EMITTED_AT" < %s '
        'AND NOT "_GLUE_IS_DELETED"'
    )


def test_redshift_update_through_the_redshift_client_on_postgresql(warehouse_url):
    url = make_url(warehouse_url)
    config = redshift_body(host=url.host, port=url.port, username=url.username, password=url.password,
                           database=url.database)["config"]
    client = job_client(build_target("redshift", config, NOWHERE), Schema("glue"))
    with client.sql_client as sql_client:
        sql_client.create_dataset()
        sql_client.execute_sql(REDSHIFT_TABLE_ON_POSTGRES.format(table=sql_client.make_qualified_table_name(TABLE)))
        insert_contract_rows(sql_client, "redshift", TABLE, ROWS)
        assert mark_unseen_with(sql_client, "redshift", TABLE, TENANT, STARTED, COLUMNS) == 1
        assert deleted_ids(sql_client) == DELETED_AFTER


@pytest.mark.parametrize("dialect", ["postgres", "supaglue"])
def test_postgres_and_duckdb_count_the_rows_they_mark(contract_schema, warehouse_url, tmp_path, dialect):
    config = postgres_destination_body(warehouse_url)["config"] if dialect == "postgres" else {}
    client = job_client(build_target(dialect, config, tmp_path / "home"), contract_schema)
    with client.sql_client as sql_client:
        create_with_dlt_ddl(client, TABLE)
        insert_contract_rows(sql_client, dialect, TABLE, ROWS)
        assert mark_unseen_with(sql_client, dialect, TABLE, TENANT, STARTED, COLUMNS) == 1
        assert deleted_ids(sql_client) == DELETED_AFTER


class DmlResult:
    """What BigQuery answers an UPDATE with, as the client library's row iterator shows it."""

    schema: list = []
    total_rows = 0
    num_dml_affected_rows = 7


@pytest.mark.filterwarnings("ignore:Cannot create BigQuery Storage client")
def test_bigquery_update_as_the_client_library_would_send_it(monkeypatch):
    from google.cloud import bigquery

    sent = []

    def query_and_wait(self, query, job_config=None, **kwargs):
        sent.append((self.project, query, job_config))
        return DmlResult()

    monkeypatch.setattr(bigquery.Client, "query_and_wait", query_and_wait)
    client = job_client(build_target("bigquery", bigquery_body()["config"], NOWHERE), Schema("glue"))
    with client.sql_client as sql_client:
        assert mark_unseen_with(sql_client, "bigquery", TABLE, TENANT, STARTED, COLUMNS) == 7

    [(project, query, job_config)] = sent
    assert project == "glue-test-project"
    assert query == (
        "UPDATE `glue-test-project`.`crm`.`hubspot_contacts` SET `_glue_is_deleted` = TRUE "
        "WHERE `_glue_application_id` = ? AND `_glue_provider_name` = ? AND `_glue_customer_id` = ? "
        "AND `_glue_emitted_at` < ? AND NOT `_glue_is_deleted`"
    )
    assert [(p.type_, p.value) for p in job_config.query_parameters] == [
        ("STRING", "app-1"), ("STRING", "hubspot"), ("STRING", "c1"), ("TIMESTAMP", STARTED)]
    # Well-formed GoogleSQL: an UPDATE with the WHERE clause BigQuery requires.
    parsed = sqlglot.parse_one(query, read="bigquery")
    assert isinstance(parsed, sqlglot.exp.Update) and parsed.args.get("where") is not None
