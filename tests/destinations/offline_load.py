"""A sync into Snowflake or Redshift run offline: only the transfer of the load files is replaced.

The real engine runs (extract, normalize, Glue's soft-delete UPDATE, sync state), and dlt's
merge SQL for the warehouse runs as dlt generates it. What cannot run here is moving the
load files into the warehouse (Snowflake's PUT + COPY INTO, Redshift's COPY from S3): this
puts the normalized rows into the staging tables with plain INSERTs instead, on fakesnow for
Snowflake and on PostgreSQL for Redshift (whose DDL, varchar(max) and SUPER, PostgreSQL
lacks: the contract table is created there in PostgreSQL's types).
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

import dlt
import pyarrow.parquet as pq
from dlt.destinations.impl.redshift.redshift import RedshiftMergeJob
from dlt.destinations.impl.snowflake.snowflake import SnowflakeMergeJob

from glue_pipelines.destinations.soft_delete import PLACEHOLDERS
from glue_pipelines.sync import runner
from tests.destinations.support import REDSHIFT_TABLE_ON_POSTGRES, create_with_dlt_ddl, job_client

MERGE_JOBS = {"snowflake": SnowflakeMergeJob, "redshift": RedshiftMergeJob}


@dataclass
class OfflineLoads:
    dialect: str
    staged: list[tuple[str, int]] = field(default_factory=list)  # (table, rows) per merge, in order
    _created: set[tuple[str, bool]] = field(default_factory=set)  # (table, staging)

    def run_pipeline(self, pipeline: dlt.Pipeline, source, target) -> None:
        """Stands in for the runner's `run_pipeline`: dlt extracts and normalizes, rows are staged, dlt merges."""
        pipeline.extract(source, loader_file_format="parquet")  # one format to read back, whatever the warehouse's
        pipeline.normalize()
        client = job_client(target, pipeline.default_schema)
        load_storage = pipeline._get_load_storage()  # dlt's own record of packages, as its load step keeps it
        with client.sql_client as sql:
            for load_id in pipeline.list_normalized_load_packages():
                files = defaultdict(list)
                for job in pipeline.get_load_package_info(load_id).jobs["new_jobs"]:
                    if not job.job_file_info.table_name.startswith("_dlt"):
                        files[job.job_file_info.table_name].append(job.file_path)
                for table, paths in sorted(files.items()):
                    rows = [row for path in paths for row in pq.read_table(path).to_pylist()]
                    self._merge(client, sql, pipeline.default_schema, table, rows)
                load_storage.complete_load_package(load_id, aborted=False)  # merged: nothing left for a later run

    def _merge(self, client, sql, schema, table: str, rows: list[dict]) -> None:
        self._create(client, sql, table, staging=False)
        with sql.with_staging_dataset():
            self._create(client, sql, table, staging=True)
            sql.execute_sql(f"DELETE FROM {sql.make_qualified_table_name(table)}")  # as dlt empties staging first
            self._insert(sql, schema, table, rows)
        for statement in MERGE_JOBS[self.dialect].generate_sql([client.prepare_load_table(table)], sql):
            sql.execute_sql(statement)
        self.staged.append((table, len(rows)))

    def _create(self, client, sql, table: str, staging: bool) -> None:
        if (table, staging) in self._created:
            return
        if self.dialect == "snowflake":
            create_with_dlt_ddl(client, table)
        else:
            if not sql.has_dataset():
                sql.create_dataset()
            sql.execute_sql(REDSHIFT_TABLE_ON_POSTGRES.format(table=sql.make_qualified_table_name(table)))
        self._created.add((table, staging))

    def _insert(self, sql, schema, table: str, rows: list[dict]) -> None:
        if not rows:
            return
        columns = schema.get_table_columns(table)
        names = list(rows[0])
        p = PLACEHOLDERS[self.dialect]
        values = [f"PARSE_JSON({p})" if self.dialect == "snowflake" and columns[n].get("data_type") == "json" else p
                  for n in names]
        statement = (f"INSERT INTO {sql.make_qualified_table_name(table)} "
                     f"({', '.join(sql.escape_column_name(n) for n in names)}) SELECT {', '.join(values)}")
        for row in rows:
            sql.execute_sql(statement, *[row[n] for n in names])


@contextmanager
def loading_offline(monkeypatch, dialect: str):
    """The runner with `OfflineLoads` in place of dlt's load step; Glue's soft delete is not replaced."""
    loads = OfflineLoads(dialect)
    monkeypatch.setattr(runner, "run_pipeline", loads.run_pipeline)
    yield loads
