"""After a complete full sync: rows of the tenant that the sync did not see are marked deleted."""

from __future__ import annotations

from datetime import datetime

import dlt

from glue_pipelines.sync.contract import Tenant, column_names

PLACEHOLDERS = {"postgres": "%s", "supaglue": "?"}  # DB-API parameter style of each engine's driver


def mark_unseen_as_deleted(
    pipeline: dlt.Pipeline, destination_type: str, table: str, tenant: Tenant, full_sync_started: datetime, prefix: str
) -> int:
    if destination_type == "s3":
        return _delta(pipeline, table, tenant, full_sync_started, prefix)
    c = column_names(prefix)
    p = PLACEHOLDERS[destination_type]
    with pipeline.sql_client() as client:
        qualified = client.make_qualified_table_name(table)
        sql = (
            f"UPDATE {qualified} SET {c['is_deleted']} = TRUE "
            f"WHERE {c['application_id']} = {p} AND {c['provider_name']} = {p} AND {c['customer_id']} = {p} "
            f"AND {c['emitted_at']} < {p} AND NOT {c['is_deleted']}"
        )
        rows = client.execute_sql(sql, tenant.application_id, tenant.provider_name, tenant.customer_id, full_sync_started)
    return rows if isinstance(rows, int) else 0


def _delta(pipeline: dlt.Pipeline, table: str, tenant: Tenant, full_sync_started: datetime, prefix: str) -> int:
    from dlt.common.libs.deltalake import get_delta_tables

    c = column_names(prefix)
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
