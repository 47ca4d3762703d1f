"""Runs the dlt pipeline of one job: source pages reshaped to the data contract, merged into the target."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import dlt
import pyarrow as pa
import pyarrow.compute as pc
from dlt.extract.source import DltSource

from glue_pipelines.destinations.factory import Target
from glue_pipelines.sync.common import MAPPED_DATA, CommonLayout, map_page, mapped_data
from glue_pipelines.sync import phases
from glue_pipelines.sync.contract import column_hints, column_names, merge_key, to_warehouse_rows
from glue_pipelines.sync.interrupted import drop_committed_extracts
from glue_pipelines.sync.job import SyncJob
from glue_pipelines.sync.plan import ObjectPlan
from glue_pipelines.sync.read_ahead import read_ahead
from glue_providers import registry
from glue_providers.common.mapping import CommonMapping


@dataclass
class ObjectTally:
    records: int = 0
    max_modified: datetime | None = None
    live: int = 0  # rows landed not flagged deleted: what a complete full sync's reconciliation compares

    def count_live(self, rows: pa.Table, is_deleted: str) -> None:
        self.live += rows.num_rows - (pc.sum(rows.column(is_deleted)).as_py() or 0)

    def count(self, page: pa.Table, landed: int | None = None) -> None:
        """``landed``: how many of the page's records landed, when not all (a common object's mapping skips some)."""
        phases.reached("extract")
        self.records += page.num_rows if landed is None else landed
        if page.num_rows:
            latest = pc.max(page.column("last_modified_at")).as_py()
            if latest is not None and (self.max_modified is None or latest > self.max_modified):
                self.max_modified = latest


@dataclass
class Reshape:
    """Counts a page, then gives it the warehouse layout (a callable of one argument, as dlt maps want)."""

    tally: ObjectTally
    job: SyncJob
    emitted_at: datetime
    prefix: str
    mapper: Callable[[dict], dict] | None = None  # a schema's or an entity's fields: the mapped_data column

    def __call__(self, page: pa.Table) -> pa.Table:
        self.tally.count(page)
        rows = to_warehouse_rows(page, self.job.tenant, self.emitted_at, self.prefix)
        self.tally.count_live(rows, self.prefix + "is_deleted")
        if self.mapper is None:
            return rows
        return rows.append_column(self.prefix + MAPPED_DATA, mapped_data(page, self.mapper))


@dataclass
class CommonReshape:
    """Counts a page of provider records, then maps it to its common object's rows."""

    tally: ObjectTally
    mapping: CommonMapping
    layout: CommonLayout
    job: SyncJob
    emitted_at: datetime
    mapper: Callable[[dict], dict] | None = None  # a schema's fields: the mapped_data column

    def __call__(self, page: pa.Table) -> pa.Table:
        rows = map_page(page, self.mapping, self.layout, self.job.tenant, self.emitted_at, self.mapper)
        self.tally.count(page, landed=rows.num_rows)  # the cursor follows the provider object's records
        self.tally.count_live(rows, "is_deleted")
        return rows


@dataclass
class LoadResult:
    tallies: dict[str, ObjectTally] = field(default_factory=dict)  # by sync id
    loaded_tables: set[str] = field(default_factory=set)
    source_states: dict[str, Any] = field(default_factory=dict)  # by sync id: what each source reported
    read_in_full: set[str] = field(default_factory=set)  # sync ids read in full though planned incremental
    # By sync id: the destination table ("dataset.table") and its columns as dlt knows them (name, data type).
    tables: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = field(default_factory=dict)


def pipeline_for(job: SyncJob, target: Target, pipelines_dir: Path) -> dlt.Pipeline:
    # One pipeline per connection: its pending load packages are finished first on the next run.
    suffix = job.connection_id.replace("-", "")[:16]
    if "staging_dataset_name_layout" in getattr(target.destination.spec, "__dataclass_fields__", {}):
        # Each connection stages its merges apart: dlt empties a staging table at the start of every
        # load, and two connections loading into one shared table at once would wipe each other's rows.
        target.destination.config_params["staging_dataset_name_layout"] = f"%s_staging_{suffix}"
    return dlt.pipeline(
        pipeline_name="glue_" + job.connection_id.replace("-", ""),
        destination=target.destination,
        staging=target.staging,
        dataset_name=target.dataset_name,
        pipelines_dir=str(pipelines_dir),
    )


def plan_columns(plan: ObjectPlan, job: SyncJob) -> dict[str, str]:
    """The warehouse column of each contract column in the plan's table."""
    return column_names(job.column_prefix, common=plan.is_common)


def shape_source(source: DltSource, job: SyncJob, plans: list[ObjectPlan], target: Target, emitted_at: datetime,
                 result: LoadResult) -> None:
    """Each planned object's resource reshaped to its table's layout, with the table's merge hints."""
    provider = registry.get(job.tenant.provider_name)
    for plan in plans:
        tally = result.tallies.setdefault(plan.sync_id, ObjectTally())
        if plan.is_common:  # mapping is CPU work: read the provider's next pages meanwhile
            source.resources[plan.read_object] = dlt.resource(
                read_ahead(iter(source.resources[plan.read_object])), name=plan.read_object)
        resource = source.resources[plan.read_object]
        columns = plan_columns(plan, job)
        mapper = job.mappers.get(plan.sync_id)
        if plan.is_common:
            layout = CommonLayout(provider.category.value, plan.object, job.column_prefix)
            resource.add_map(CommonReshape(tally, provider.common_mappings()[plan.object], layout, job, emitted_at,
                                           mapper))
            hints_of_columns = layout.column_hints()
        else:
            resource.add_map(Reshape(tally, job, emitted_at, job.column_prefix, mapper))
            hints_of_columns = column_hints(columns)
        if mapper is not None:
            hints_of_columns[job.column_prefix + MAPPED_DATA] = {"data_type": "json"}
        hints = {
            "table_name": plan.table_name,
            "write_disposition": {"disposition": "merge", "strategy": target.merge_strategy},
            "primary_key": merge_key(columns),
            "columns": hints_of_columns,
        }
        if target.table_format:
            hints["table_format"] = target.table_format
        resource.apply_hints(**hints)


# dlt settings for every sync (dlt holds them per process; its own environment variables, such as
# NORMALIZE__DATA_WRITER__DISABLE_COMPRESSION, still take precedence). Load files are local and
# short-lived: gzipping them cost ~20% of a sync's CPU (bench/sync.py), and dlt otherwise keeps every
# loaded package's files, a copy of each sync's data on the engine's disk that only ever grows.
ENGINE_DEFAULTS = {
    "normalize.data_writer.disable_compression": True,
    "load.delete_completed_jobs": True,
}


def run_pipeline(pipeline: dlt.Pipeline, source: DltSource, target: Target) -> None:
    for key, value in ENGINE_DEFAULTS.items():
        dlt.config[key] = value
    kwargs = {"loader_file_format": target.loader_file_format} if target.loader_file_format else {}
    drop_committed_extracts(pipeline)
    if pipeline.has_pending_data:
        # A killed run left packages extracted or normalized but not loaded. dlt's run() would load them
        # and return without reading the source: finish them first, then this run's own read follows.
        phases.reached("load")
        pipeline.run()
    phases.reached("extract")
    pipeline.extract(source, **kwargs)
    phases.reached("normalize")
    pipeline.normalize()
    phases.reached("load")
    pipeline.load()

