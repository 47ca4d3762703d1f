"""Syncs into Snowflake (on fakesnow) and Redshift (its SQL on PostgreSQL), run by the real engine.

Full, then incremental after upstream updates, creations and deletions, then a full read that
finds the deletions: dlt's merge SQL and Glue's soft-delete UPDATE run for real on each run;
only the transfer of the load files is done by plain INSERTs (tests/destinations/offline_load.py).
Afterwards the whole table is compared, row by row, with what the provider holds.
What still needs a live warehouse (PUT/COPY, S3 staging, BigQuery) is in tests/destinations/live.
"""

from __future__ import annotations

import json
from contextlib import nullcontext
from pathlib import Path

import fakesnow
import pytest
from dlt.common.schema import Schema
from sqlalchemy.engine import make_url

from glue_pipelines.destinations.factory import build_target
from glue_pipelines.sync.runner import sync_connection
from tests.destinations.offline_load import loading_offline
from tests.destinations.support import connect_to, job_client, redshift_body, select_contract_rows, snowflake_body
from tests.providers.contract import shared_values

OBJECTS = ["people", "accounts"]
COUNTS = {"people": 30, "accounts": 6}
NOWHERE = Path("/nonexistent")


def destination(kind: str, warehouse_url: str) -> dict:
    if kind == "snowflake":
        return snowflake_body()
    url = make_url(warehouse_url)
    return redshift_body(host=url.host, port=url.port, username=url.username, password=url.password,
                         database=url.database)


def warehouse_rows(kind: str, config: dict, table: str) -> dict[str, tuple]:
    """{remote id: (is_deleted, raw data)} of the whole table, read back through dlt's SQL client."""
    client = job_client(build_target(kind, config, NOWHERE), Schema("glue"))
    with client.sql_client as sql:
        rows = select_contract_rows(sql, table, "id", "is_deleted", "raw_data", "customer_id", "provider_name")
    assert all(customer == "c1" and provider == "salesloft" for *_, customer, provider in rows)
    keyed = {remote_id: (bool(deleted), json.loads(raw) if isinstance(raw, str) else raw)
             for remote_id, deleted, raw, *_ in rows}
    assert len(keyed) == len(rows), "a record has two rows: the merge did not merge"
    return keyed


@pytest.mark.parametrize("kind", ["snowflake", "redshift"])
def test_full_incremental_and_deletions_land_exactly_offline(glue, emulators, monkeypatch, warehouse_url, kind):
    emulated = emulators("salesloft", COUNTS)
    body = destination(kind, warehouse_url)
    connection_id = connect_to(glue, emulated, body, objects=OBJECTS)
    table = "salesloft_people"
    patched = fakesnow.patch(create_database_on_connect=True, create_schema_on_connect=False) \
        if kind == "snowflake" else nullcontext()

    def run() -> dict:
        return {o.object: o for o in sync_connection(glue.store, connection_id)}

    with patched, loading_offline(monkeypatch, kind) as loads:
        first = run()
        assert first["people"].full and first["people"].records == 30
        assert ("salesloft_people", 30) in loads.staged
        before = warehouse_rows(kind, body["config"], table)

        changed = emulated.control("POST", "/changes/update", json={"object": "people", "indices": [2, 9]})["ids"]
        created = emulated.control("POST", "/changes/create", json={"object": "people", "count": 2})["ids"]
        gone = emulated.control("POST", "/changes/delete", json={"object": "people", "indices": [4, 5, 20]})["ids"]

        second = run()["people"]
        assert not second.full and second.marked_deleted == 0
        after_incremental = warehouse_rows(kind, body["config"], table)
        assert set(after_incremental) == set(before) | set(created)  # merged: updated rows replaced, not added
        assert all(after_incremental[i][1] != before[i][1] for i in changed)
        assert not any(deleted for deleted, _ in after_incremental.values())  # Salesloft lists no deletions

        headers = {"x-customer-id": "c1", "x-provider-name": "salesloft"}
        trigger = {"object_type": "standard", "object": "people", "perform_full_refresh": True}
        assert glue.mgmt.post("/syncs/_trigger", json=trigger, headers=headers).status_code == 200
        third = run()["people"]
        assert third.full and third.marked_deleted == len(gone)  # Glue's UPDATE on the warehouse marked them
        final = warehouse_rows(kind, body["config"], table)

    upstream = emulated.control("GET", "/records/people", params={"fields": "true"})["fields"]
    assert {i for i, (deleted, _) in final.items() if deleted} == set(gone)
    assert {i for i, (deleted, _) in final.items() if not deleted} == set(upstream)
    for remote_id, record in upstream.items():
        values = shared_values(final[remote_id][1], record)
        assert values and all(landed == wanted for landed, wanted in values.values()), remote_id
