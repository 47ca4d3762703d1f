"""The two counts the checks ask a SQL destination for, over one connection's rows of one table."""

from __future__ import annotations

from dlt.destinations.exceptions import DatabaseUndefinedRelation

from glue_pipelines.destinations.soft_delete import PLACEHOLDERS
from glue_pipelines.sync.contract import Tenant


def duplicated_keys(client, destination_type: str, table: str, tenant: Tenant, columns: dict[str, str]) -> int:
    """How many remote ids of the connection appear on more than one row."""
    c = _escaped(client, columns)
    sql = (f"SELECT COUNT(*) FROM (SELECT {c['id']} FROM {client.make_qualified_table_name(table)} "
           f"WHERE {_tenant_filter(c, destination_type)} GROUP BY {c['id']} HAVING COUNT(*) > 1) duplicated")
    return _count(client, sql, tenant)


def live_rows(client, destination_type: str, table: str, tenant: Tenant, columns: dict[str, str]) -> int:
    """The connection's rows not flagged deleted."""
    c = _escaped(client, columns)
    sql = (f"SELECT COUNT(*) FROM {client.make_qualified_table_name(table)} "
           f"WHERE {_tenant_filter(c, destination_type)} AND NOT COALESCE({c['is_deleted']}, FALSE)")
    return _count(client, sql, tenant)


def _escaped(client, columns: dict[str, str]) -> dict[str, str]:
    # The client quotes and case-folds names as its warehouse needs (Snowflake: upper case, BigQuery: backticks).
    return {key: client.escape_column_name(name) for key, name in columns.items()}


def _tenant_filter(c: dict[str, str], destination_type: str) -> str:
    p = PLACEHOLDERS.get(destination_type, "%s")
    return f"{c['application_id']} = {p} AND {c['provider_name']} = {p} AND {c['customer_id']} = {p}"


def _count(client, sql: str, tenant: Tenant) -> int:
    try:
        with client.execute_query(sql, tenant.application_id, tenant.provider_name, tenant.customer_id) as cursor:
            return int(cursor.fetchone()[0])
    except DatabaseUndefinedRelation:
        return 0  # nothing ever landed in the table
