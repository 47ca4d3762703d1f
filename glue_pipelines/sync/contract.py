"""The warehouse data contract: tenant columns on every row, merged on (application, provider, customer, id).

Sources yield Arrow tables of (id, last_modified_at, is_deleted, raw_data); this
module turns them into the warehouse layout with the ``_glue_`` prefix, or
``_supaglue_`` for SQL written against Supaglue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pyarrow as pa

GLUE_PREFIX = "_glue_"
SUPAGLUE_PREFIX = "_supaglue_"


@dataclass(frozen=True)
class Tenant:
    application_id: str
    customer_id: str  # the application's own id for its customer
    provider_name: str


def column_names(prefix: str) -> dict[str, str]:
    names = ["application_id", "customer_id", "provider_name", "id", "emitted_at", "last_modified_at", "is_deleted", "raw_data"]
    return {name: prefix + name for name in names}


def merge_key(prefix: str) -> list[str]:
    columns = column_names(prefix)
    return [columns["application_id"], columns["provider_name"], columns["customer_id"], columns["id"]]


def column_hints(prefix: str) -> dict[str, dict]:
    columns = column_names(prefix)
    return {
        columns["raw_data"]: {"data_type": "json"},
        columns["emitted_at"]: {"data_type": "timestamp"},
        columns["last_modified_at"]: {"data_type": "timestamp", "dedup_sort": "desc"},
        columns["is_deleted"]: {"data_type": "bool"},
    }


def to_warehouse_rows(page: pa.Table, tenant: Tenant, emitted_at: datetime, prefix: str) -> pa.Table:
    columns = column_names(prefix)
    n = page.num_rows
    return pa.Table.from_arrays(
        [
            pa.array([tenant.application_id] * n, pa.string()),
            pa.array([tenant.customer_id] * n, pa.string()),
            pa.array([tenant.provider_name] * n, pa.string()),
            page.column("id"),
            pa.array([emitted_at] * n, pa.timestamp("us", tz="UTC")),
            page.column("last_modified_at"),
            page.column("is_deleted"),
            page.column("raw_data"),
        ],
        names=list(columns.values()),
    )
