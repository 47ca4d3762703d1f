"""Reading a source's resources the way dlt would, checking every page against the record contract."""

from __future__ import annotations

import pyarrow as pa

from glue_providers.records import RECORD_SCHEMA


def tables_of(source, objects) -> dict[str, pa.Table]:
    """Each object's pages as one table; every page must be an Arrow table in the shared record schema."""
    tables = {}
    for name in objects:
        pages = list(source.resources[name])
        assert all(isinstance(page, pa.Table) and page.schema == RECORD_SCHEMA for page in pages)
        tables[name] = pa.concat_tables(pages) if pages else RECORD_SCHEMA.empty_table()
    return tables
