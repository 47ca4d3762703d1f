"""The one shape every provider resource yields: an Arrow table per page.

Columns: ``id`` (the provider's id, as text), ``last_modified_at`` (UTC),
``is_deleted``, ``raw_data`` (the provider's record, JSON text). Glue adds its
tenant columns on top; Arrow tables skip dlt's slow per-row normalisation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

import pyarrow as pa

RECORD_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("last_modified_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("is_deleted", pa.bool_(), nullable=False),
        pa.field("raw_data", pa.string(), nullable=False),
    ]
)


def records_table(rows: Iterable[tuple[str, datetime, bool, dict]]) -> pa.Table:
    """(id, last_modified_at, is_deleted, raw record) tuples to one Arrow table."""
    ids, modified, deleted, raw = [], [], [], []
    for record_id, last_modified_at, is_deleted, record in rows:
        ids.append(str(record_id))
        modified.append(last_modified_at)
        deleted.append(bool(is_deleted))
        raw.append(json.dumps(record, separators=(",", ":"), default=str))
    return pa.Table.from_arrays(
        [pa.array(ids, pa.string()), pa.array(modified, pa.timestamp("us", tz="UTC")), pa.array(deleted, pa.bool_()),
         pa.array(raw, pa.string())],
        schema=RECORD_SCHEMA,
    )
