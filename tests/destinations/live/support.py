"""The live suites: a full sync from an emulated provider into a real warehouse, when credentials are given.

Each suite reads its warehouse's credentials from GLUE_LIVE_<WAREHOUSE>_* variables
(README.md, "Destinations", lists them), syncs into a dataset/schema of its own
(glue_live_<random>) and drops it afterwards.
"""

from __future__ import annotations

import json
import os
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from glue_pipelines.sync import runner
from glue_pipelines.sync.contract import GLUE_PREFIX, column_names
from tests.destinations.support import connect_to

VARIABLES = {
    "bigquery": ["GLUE_LIVE_BIGQUERY_PROJECT_ID", "GLUE_LIVE_BIGQUERY_CLIENT_EMAIL", "GLUE_LIVE_BIGQUERY_PRIVATE_KEY"],
    "snowflake": ["GLUE_LIVE_SNOWFLAKE_HOST", "GLUE_LIVE_SNOWFLAKE_USERNAME", "GLUE_LIVE_SNOWFLAKE_PASSWORD",
                  "GLUE_LIVE_SNOWFLAKE_ROLE", "GLUE_LIVE_SNOWFLAKE_WAREHOUSE", "GLUE_LIVE_SNOWFLAKE_DATABASE"],
    "redshift": ["GLUE_LIVE_REDSHIFT_HOST", "GLUE_LIVE_REDSHIFT_DATABASE", "GLUE_LIVE_REDSHIFT_USERNAME",
                 "GLUE_LIVE_REDSHIFT_PASSWORD", "GLUE_LIVE_REDSHIFT_S3_BUCKET", "GLUE_LIVE_REDSHIFT_S3_REGION",
                 "GLUE_LIVE_REDSHIFT_S3_KEY_ID", "GLUE_LIVE_REDSHIFT_S3_ACCESS_KEY"],
}
COUNTS = {"contacts": 120, "companies": 30}
CHANGED, UNCHANGED = "contacts", "companies"


def requires(warehouse: str) -> pytest.MarkDecorator:
    """Skips, saying which variables are missing, unless every credential of the warehouse is set."""
    missing = [name for name in VARIABLES[warehouse] if not os.environ.get(name)]
    return pytest.mark.skipif(bool(missing), reason=f"live {warehouse} suite: set {', '.join(missing)}")


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name) or default


def unique_dataset() -> str:
    return f"glue_live_{uuid.uuid4().hex[:10]}"


def destination_body(warehouse: str, dataset: str) -> dict:
    """The Management API body for the warehouse, from the environment (read when a live test runs)."""
    if warehouse == "bigquery":
        config = {"project_id": env("GLUE_LIVE_BIGQUERY_PROJECT_ID"), "dataset": dataset,
                  "credentials": {"client_email": env("GLUE_LIVE_BIGQUERY_CLIENT_EMAIL"),
                                  "private_key": env("GLUE_LIVE_BIGQUERY_PRIVATE_KEY")}}
        if env("GLUE_LIVE_BIGQUERY_LOCATION"):
            config["location"] = env("GLUE_LIVE_BIGQUERY_LOCATION")
    elif warehouse == "snowflake":
        config = {"host": env("GLUE_LIVE_SNOWFLAKE_HOST"), "username": env("GLUE_LIVE_SNOWFLAKE_USERNAME"),
                  "password": env("GLUE_LIVE_SNOWFLAKE_PASSWORD"), "role": env("GLUE_LIVE_SNOWFLAKE_ROLE"),
                  "warehouse": env("GLUE_LIVE_SNOWFLAKE_WAREHOUSE"), "database": env("GLUE_LIVE_SNOWFLAKE_DATABASE"),
                  "schema": dataset}
    else:
        config = {"host": env("GLUE_LIVE_REDSHIFT_HOST"), "port": int(env("GLUE_LIVE_REDSHIFT_PORT", "5439")),
                  "database": env("GLUE_LIVE_REDSHIFT_DATABASE"), "username": env("GLUE_LIVE_REDSHIFT_USERNAME"),
                  "password": env("GLUE_LIVE_REDSHIFT_PASSWORD"), "schema": dataset, "upload_method": "s3_staging",
                  "s3_bucket_name": env("GLUE_LIVE_REDSHIFT_S3_BUCKET"),
                  "s3_bucket_region": env("GLUE_LIVE_REDSHIFT_S3_REGION"),
                  "s3_key_id": env("GLUE_LIVE_REDSHIFT_S3_KEY_ID"),
                  "s3_access_key": env("GLUE_LIVE_REDSHIFT_S3_ACCESS_KEY")}
    return {"name": "warehouse", "type": warehouse, "config": config}


@dataclass
class LiveSync:
    """A connection syncing into a live warehouse, and the pipeline its runs used (to read the warehouse back)."""

    glue: object
    emulated: object
    connection_id: str
    pipelines: list

    def run(self) -> dict:
        return {o.object: o for o in runner.sync_connection(self.glue.store, self.connection_id)}

    def rows(self, object_name: str, raw_expression: str = "{raw}") -> dict[str, tuple]:
        """{remote id: (is_deleted, raw data)} for this tenant, read with dlt's client of the warehouse.

        `raw_expression` wraps the raw data column in SQL of the warehouse, e.g. "TYPEOF({raw})".
        """
        c = column_names(GLUE_PREFIX)
        with self.pipelines[-1].sql_client() as client:
            q = client.escape_column_name
            table = client.make_qualified_table_name(f"hubspot_{object_name}")
            raw = raw_expression.format(raw=q(c["raw_data"]))
            rows = client.execute_sql(f"SELECT {q(c['id'])}, {q(c['is_deleted'])}, {raw}, {q(c['customer_id'])} FROM {table}")
        assert all(r[3] == "c1" for r in rows)
        return {r[0]: (r[1], _text(r[2])) for r in rows}

    def live_ids(self, object_name: str) -> set[str]:
        return set(self.emulated.live_records(object_name))


@contextmanager
def _same_dataset():
    yield


def _text(raw) -> str:
    return raw if isinstance(raw, str) else json.dumps(raw, sort_keys=True)


@contextmanager
def live_sync(glue, emulators, monkeypatch, warehouse: str):
    """Connects a HubSpot customer to the warehouse; drops the test's dataset/schema afterwards."""
    hubspot = emulators("hubspot", COUNTS)
    body = destination_body(warehouse, unique_dataset())
    connection_id = connect_to(glue, hubspot, body, objects=[CHANGED, UNCHANGED])
    pipelines: list = []
    real_run = runner.run_pipeline

    def remember(pipeline, source, target):
        pipelines.append(pipeline)
        real_run(pipeline, source, target)

    monkeypatch.setattr(runner, "run_pipeline", remember)
    try:
        yield LiveSync(glue, hubspot, connection_id, pipelines)
    finally:
        if pipelines:
            with pipelines[-1].sql_client() as client:
                for dataset in (client.with_staging_dataset, _same_dataset):
                    with dataset():
                        if client.has_dataset():
                            client.drop_dataset()


def full_round_trip(sync: LiveSync) -> None:
    """Full sync, an incremental one with changes, then a full refresh that marks deletions: as in Postgres."""
    first = sync.run()
    assert all(o.full for o in first.values())
    for object_name in (CHANGED, UNCHANGED):
        rows = sync.rows(object_name)
        assert set(rows) == sync.live_ids(object_name)
        assert not any(is_deleted for is_deleted, *_ in rows.values())
    before = sync.rows(CHANGED)

    changed = set(sync.emulated.control("POST", "/changes/update", json={"object": CHANGED, "fraction": 0.05})["ids"])
    second = sync.run()
    assert not second[CHANGED].full
    after = sync.rows(CHANGED)
    assert set(after) == set(before)  # merged, not appended
    assert {rid for rid in after if after[rid][1] != before[rid][1]} == changed

    deleted = set(sync.emulated.control("POST", "/changes/delete", json={"object": CHANGED, "fraction": 0.05})["ids"])
    trigger = {"object_type": "standard", "object": CHANGED, "perform_full_refresh": True}
    headers = {"x-customer-id": "c1", "x-provider-name": "hubspot"}
    assert sync.glue.mgmt.post("/syncs/_trigger", json=trigger, headers=headers).status_code == 200
    third = sync.run()
    assert third[CHANGED].full
    final = sync.rows(CHANGED)
    assert {rid for rid, (is_deleted, *_) in final.items() if is_deleted} == deleted
    assert set(final) - deleted == sync.live_ids(CHANGED)


def connectivity_check(glue) -> dict:
    destination_id = glue.mgmt.get("/destinations").json()[0]["id"]
    response = glue.mgmt.client.post(f"/mgmt/v2/destinations/{destination_id}/_test",
                                     headers={"x-api-key": glue.mgmt.api_key})
    assert response.status_code == 200
    return response.json()
