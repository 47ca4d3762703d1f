"""The warehouse data contract: tenant columns on every row, merged on (application, provider, customer, id).

Sources yield Arrow tables of (id, last_modified_at, is_deleted, raw_data); this
module turns them into the warehouse layout with the ``_glue_`` prefix, or
``_supaglue_`` for SQL written against Supaglue.

Provider objects land with every column prefixed (``_glue_id``, ``_glue_raw_data``). Common
objects (``crm_contacts``) land as Supaglue lays them out: the tenant columns and the emit time
prefixed, the common record's own fields (``id``, ``is_deleted``, ``last_modified_at``,
``raw_data``, ``first_name``, ...) as plain typed columns, and with ``_supaglue_`` the whole
unified record once more in ``_supaglue_unified_data``, so Supaglue users' SQL keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pyarrow as pa

GLUE_PREFIX = "_glue_"
SUPAGLUE_PREFIX = "_supaglue_"

TENANT_COLUMNS = ("application_id", "customer_id", "provider_name", "emitted_at")
RECORD_COLUMNS = ("id", "last_modified_at", "is_deleted", "raw_data")


@dataclass(frozen=True)
class Tenant:
    application_id: str
    customer_id: str  # the application's own id for its customer
    provider_name: str


def column_names(prefix: str, common: bool = False) -> dict[str, str]:
    """The warehouse column of each contract column; a common object's record columns are unprefixed."""
    names = {name: prefix + name for name in TENANT_COLUMNS}
    names |= {name: (name if common else prefix + name) for name in RECORD_COLUMNS}
    return {name: names[name] for name in ("application_id", "customer_id", "provider_name", "id", "emitted_at",
                                           "last_modified_at", "is_deleted", "raw_data")}


def merge_key(columns: dict[str, str]) -> list[str]:
    return [columns["application_id"], columns["provider_name"], columns["customer_id"], columns["id"]]


def column_hints(columns: dict[str, str]) -> dict[str, dict]:
    return {
        columns["raw_data"]: {"data_type": "json"},
        columns["emitted_at"]: {"data_type": "timestamp"},
        columns["last_modified_at"]: {"data_type": "timestamp", "dedup_sort": "desc"},
        columns["is_deleted"]: {"data_type": "bool"},
    }


def tenant_arrays(tenant: Tenant, emitted_at: datetime, n: int) -> list[pa.Array]:
    """application_id, customer_id, provider_name, emitted_at for n rows."""
    return [
        pa.array([tenant.application_id] * n, pa.string()),
        pa.array([tenant.customer_id] * n, pa.string()),
        pa.array([tenant.provider_name] * n, pa.string()),
        pa.array([emitted_at] * n, pa.timestamp("us", tz="UTC")),
    ]


def to_warehouse_rows(page: pa.Table, tenant: Tenant, emitted_at: datetime, prefix: str) -> pa.Table:
    columns = column_names(prefix)
    application, customer, provider, emitted = tenant_arrays(tenant, emitted_at, page.num_rows)
    return pa.Table.from_arrays(
        [application, customer, provider, page.column("id"), emitted, page.column("last_modified_at"),
         page.column("is_deleted"), page.column("raw_data")],
        names=list(columns.values()),
    )
