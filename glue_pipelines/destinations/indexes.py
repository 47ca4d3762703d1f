"""An index on the merge key of every PostgreSQL table Glue loads, so merges do not scan the table."""

from __future__ import annotations

import hashlib

import dlt

from glue_pipelines.sync.contract import merge_key


def ensure_merge_key_index(pipeline: dlt.Pipeline, destination_type: str, table: str, columns: dict[str, str]) -> None:
    if destination_type != "postgres":
        return  # the other engines either have no secondary indexes or plan merges without them
    with pipeline.sql_client() as client:
        qualified = client.make_qualified_table_name(table)
        name = "glue_key_" + hashlib.sha1(qualified.encode()).hexdigest()[:16]
        columns = ", ".join(merge_key(columns))
        client.execute_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {qualified} ({columns})")
