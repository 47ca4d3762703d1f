"""After a complete full sync: rows of the tenant that the sync did not see are marked deleted."""

from __future__ import annotations

from datetime import datetime

import dlt
from dlt.destinations.sql_client import SqlClientBase

from glue_pipelines.sync.contract import Tenant

# DB-API parameter style of each engine's driver: psycopg2 (Postgres, Redshift), the Snowflake
# connector and BigQuery's DB-API take "pyformat" %s; DuckDB takes "qmark" ?.
PLACEHOLDERS = {"postgres": "%s", "redshift": "%s", "snowflake": "%s", "bigquery": "%s", "supaglue": "?"}


def mark_unseen_as_deleted(
    pipeline: dlt.Pipeline, destination_type: str, table: str, tenant: Tenant, full_sync_started: datetime, columns: dict[str, str]
) -> int:
    if destination_type == "s3":
        return _delta(pipeline, table, tenant, full_sync_started, columns)
    with pipeline.sql_client() as client:
        return mark_unseen_with(client, destination_type, table, tenant, full_sync_started, columns)


def mark_unseen_with(
    client: SqlClientBase, destination_type: str, table: str, tenant: Tenant, full_sync_started: datetime, columns: dict[str, str]
) -> int:
    """The UPDATE through an open dlt SQL client of the destination; returns how many rows it marked."""
    sql = soft_delete_sql(client, destination_type, table, columns)
    with client.execute_query(sql, *soft_delete_params(tenant, full_sync_started)) as cursor:
        return _affected_rows(cursor)


def soft_delete_sql(client: SqlClientBase, destination_type: str, table: str, columns: dict[str, str]) -> str:
    # The client quotes and case-folds names as its warehouse needs (Snowflake: upper case, BigQuery: backticks).
    c = {key: client.escape_column_name(name) for key, name in columns.items()}
    p = PLACEHOLDERS[destination_type]
    return (
        f"UPDATE {client.make_qualified_table_name(table)} SET {c['is_deleted']} = TRUE "
        f"WHERE {c['application_id']} = {p} AND {c['provider_name']} = {p} AND {c['customer_id']} = {p} "
        f"AND {c['emitted_at']} < {p} AND NOT {c['is_deleted']}"
    )


def soft_delete_params(tenant: Tenant, full_sync_started: datetime) -> tuple:
    return tenant.application_id, tenant.provider_name, tenant.customer_id, full_sync_started


def _affected_rows(cursor) -> int:
    count = getattr(cursor, "rowcount", -1)
    if isinstance(count, int) and count >= 0:
        return count
    # DuckDB answers an UPDATE with one row holding the count instead.
    row = cursor.fetchone() if cursor.description else None
    return int(row[0]) if row else 0


def _delta(pipeline: dlt.Pipeline, table: str, tenant: Tenant, full_sync_started: datetime, columns: dict[str, str]) -> int:
    from dlt.common.libs.deltalake import get_delta_tables

    c = columns
    delta = get_delta_tables(pipeline, table)[table]

    def quoted(value: str) -> str:
        return "'" + value.replace("'", "''") + "'"

    predicate = (
        f"{c['application_id']} = {quoted(tenant.application_id)} AND {c['provider_name']} = {quoted(tenant.provider_name)} "
        f"AND {c['customer_id']} = {quoted(tenant.customer_id)} "
        f"AND {c['emitted_at']} < '{full_sync_started.isoformat()}' AND NOT {c['is_deleted']}"
    )
    metrics = delta.update(predicate=predicate, updates={c["is_deleted"]: "true"})
    return int(metrics.get("num_updated_rows", 0))
