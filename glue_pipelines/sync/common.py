"""Pages of provider records to pages of common records (``crm_contacts``, ``engagement_sequences``, ...).

Each record's raw data goes through the provider's ``CommonMapping``; the common fields land as typed
columns (lists and objects as JSON) beside the tenant columns, the record's id, deletion flag and
modification time, and its raw data. A mapping may answer None for a record that is not of its
common object (a Capsule party that is a person is no account): that record is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
import pyarrow as pa

from glue_pipelines.sync.contract import SUPAGLUE_PREFIX, Tenant, column_hints, column_names, tenant_arrays
from glue_providers.common.mapping import CommonMapping
from glue_providers.common.models import CommonField, fields_of

ARROW_TYPES = {
    "text": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
    "timestamp": pa.timestamp("us", tz="UTC"), "json": pa.string(),
}
MAPPED_DATA = "mapped_data"  # with the column prefix: Supaglue's _supaglue_mapped_data
DATED = (CommonField("created_at", "timestamp"), CommonField("updated_at", "timestamp"))


class MappingFailed(Exception):
    """A mapping could not read a record: the run fails naming the record, never lands half a page."""


@dataclass(frozen=True)
class CommonLayout:
    """The warehouse columns of one common object, for one column prefix."""

    category: str
    common_object: str
    prefix: str

    @property
    def columns(self) -> dict[str, str]:
        return column_names(self.prefix, common=True)

    @property
    def fields(self) -> tuple[CommonField, ...]:
        return DATED + fields_of(self.category, self.common_object)

    @property
    def unified_data_column(self) -> str | None:
        # Supaglue keeps the whole common record in one JSON column too; SQL written for it reads that.
        return SUPAGLUE_PREFIX + "unified_data" if self.prefix == SUPAGLUE_PREFIX else None

    def column_hints(self) -> dict[str, dict]:
        # The other fields' Arrow types already say what they are; dlt checks every hint on every page.
        hints = column_hints(self.columns)
        hints |= {f.name: {"data_type": "json"} for f in self.fields if f.kind == "json"}
        if self.unified_data_column:
            hints[self.unified_data_column] = {"data_type": "json"}
        return hints


def map_page(page: pa.Table, mapping: CommonMapping, layout: CommonLayout, tenant: Tenant,
             emitted_at: datetime, mapper: Callable[[dict], dict] | None = None) -> pa.Table:
    """One page of provider records (the record contract) to the common object's warehouse rows."""
    ids = page.column("id").to_pylist()
    kept, mapped, landed = [], [], []  # landed: each row's record, as its raw_data holds it
    for i, raw_text in enumerate(page.column("raw_data").to_pylist()):
        try:
            raw = orjson.loads(raw_text)
            for record in mapping.records_of(raw):
                values = mapping.fields(record)
                if values is not None:
                    kept.append(i)
                    mapped.append(values)
                    landed.append(record)
        except Exception as exc:  # a provider record the mapping did not expect
            raise MappingFailed(f"the {layout.common_object} mapping could not read record {ids[i]}: "
                                f"{type(exc).__name__}: {str(exc)[:200]}") from None
    rows = page if kept == list(range(page.num_rows)) else page.take(pa.array(kept, pa.int64()))
    if mapping.expand is not None:  # each nested record is a row with its own id and raw data
        rows = rows.set_column(rows.schema.get_field_index("id"), "id",
                               pa.array([str(record["id"]) for record in landed], pa.string()))
        rows = rows.set_column(rows.schema.get_field_index("raw_data"), "raw_data",
                               pa.array([orjson.dumps(record).decode() for record in landed], pa.string()))
    columns = layout.columns
    application, customer, provider, emitted = tenant_arrays(tenant, emitted_at, rows.num_rows)
    arrays = {
        columns["application_id"]: application, columns["provider_name"]: provider,
        columns["customer_id"]: customer, columns["emitted_at"]: emitted, columns["id"]: rows.column("id"),
        columns["is_deleted"]: rows.column("is_deleted"), columns["last_modified_at"]: rows.column("last_modified_at"),
    }
    for f in layout.fields:
        cells = [values.get(f.name) for values in mapped]
        if f.kind == "json":
            cells = [None if cell is None else orjson.dumps(cell, default=str).decode() for cell in cells]
        arrays[f.name] = pa.array(cells, ARROW_TYPES[f.kind])
    arrays[columns["raw_data"]] = rows.column("raw_data")
    if layout.unified_data_column:
        arrays[layout.unified_data_column] = _unified_data(rows, mapped, layout.fields)
    if mapper is not None:
        arrays[layout.prefix + MAPPED_DATA] = _mapped_json([mapper(record) for record in landed])
    # Supaglue's column order: tenant, the record's own columns, its fields, raw data.
    order = [columns[name] for name in ("application_id", "provider_name", "customer_id", "emitted_at")]
    order += [columns["id"], "created_at", "updated_at", columns["is_deleted"], columns["last_modified_at"]]
    names = order + [name for name in arrays if name not in order]
    return pa.Table.from_arrays([arrays[name] for name in names], names=names)


def mapped_data(page: pa.Table, mapper: Callable[[dict], dict]) -> pa.Array:
    """``mapped_data``: what a schema (with the customer's field mappings) or an entity mapping makes of each
    record's raw data, as JSON."""
    return _mapped_json([mapper(orjson.loads(raw)) for raw in page.column("raw_data").to_pylist()])


def _mapped_json(values: list[dict]) -> pa.Array:
    return pa.array([orjson.dumps(value, default=str).decode() for value in values], pa.string())


def _unified_data(rows: pa.Table, mapped: list[dict], fields: tuple[CommonField, ...]) -> pa.Array:
    """Supaglue's ``_supaglue_unified_data``: the common record without its raw data, as JSON."""
    ids, deleted = rows.column("id").to_pylist(), rows.column("is_deleted").to_pylist()
    modified = rows.column("last_modified_at").to_pylist()
    return pa.array([
        orjson.dumps({"id": ids[i], "is_deleted": deleted[i], "last_modified_at": modified[i]}
                     | {f.name: values.get(f.name) for f in fields}, default=_iso).decode()
        for i, values in enumerate(mapped)
    ], pa.string())


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)
