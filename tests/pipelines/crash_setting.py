"""The crash trials' setting: a PostgreSQL store, a Pipedrive connection, and readers of either warehouse."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, text

from glue_api.applications.service import create_application
from glue_api.config import Settings
from glue_api.db import transaction
from glue_api.main import close_store_connections, create_app
from glue_api.migrate import upgrade
from glue_pipelines.destinations.factory import MANAGED_DATASET
from glue_pipelines.store import GlueStore
from tests.pipelines.conftest import Emulated, Glue, oauth_provider_body, sync_config_body
from tests.pipelines.crash_trials import Row
from tests.support.clients import SpecCheckedClient, mgmt_responses
from tests.support.warehouse import create_warehouse_database, drop_warehouse_database

OBJECTS = ["persons", "organizations"]
SCHEMA = "crm"


def index_of(name: str, remote_id: str) -> int:
    """The Pipedrive emulator's record index of a remote id (ids count from 1)."""
    return int(remote_id) - 1


def table_of(name: str) -> str:
    return f"pipedrive_{name}"


@contextmanager
def glue_on_postgres(home: Path, keyring) -> Iterator[Glue]:
    """A migrated PostgreSQL store of its own, one application in it, and the Management API over it."""
    url = create_warehouse_database()
    try:
        upgrade(url)
        settings = Settings(home=home, database_url=url, public_url="http://glue.test")
        app = create_app(settings, keyring=keyring)
        with transaction(app.state.session_factory) as session:
            api_key = create_application(session, "acme").api_key
        store = GlueStore(settings, keyring)
        try:
            with TestClient(app) as client:
                yield Glue(settings, store, SpecCheckedClient(client, api_key, mgmt_responses()))
        finally:
            store.dispose()
            close_store_connections(app)
    finally:
        drop_warehouse_database(url)


def connect(glue: Glue, emulated: Emulated, destination: dict) -> str:
    """Customer c1's Pipedrive connection syncing OBJECTS into ``destination``, full and incremental runs in turn."""
    glue.point_at(emulated)
    assert glue.mgmt.post("/providers", json=oauth_provider_body("pipedrive")).status_code == 201
    assert glue.mgmt.post("/destinations", json=destination).status_code == 201
    body = sync_config_body("pipedrive", OBJECTS, destination=destination["name"],
                            full_sync_every_n_incrementals=1)  # full and incremental runs take turns
    assert glue.mgmt.post("/sync_configs", json=body).status_code == 201
    glue.mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
    made = glue.mgmt.post("/customers/c1/connections", json={
        "provider_name": "pipedrive", "type": "oauth2", "refresh_token": emulated.refresh_token()})
    assert made.status_code == 200, made.text
    return made.json()["id"]


COLUMNS = ("_glue_id, {raw}, _glue_is_deleted, _glue_last_modified_at, "
           "_glue_application_id, _glue_customer_id, _glue_provider_name")


def as_rows(result) -> dict[str, list[Row]]:
    rows: dict[str, list[Row]] = {}
    for rid, raw, is_deleted, modified, *tenant in result:
        rows.setdefault(rid, []).append(Row(json.loads(raw), is_deleted, modified, tuple(tenant)))
    return rows


def postgres_reader(url: str):
    def read(table: str) -> dict[str, list[Row]]:
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                if not inspect(connection).has_table(table, schema=SCHEMA):
                    return {}  # every run so far was killed before its first load
                return as_rows(connection.execute(text(
                    f"SELECT {COLUMNS.format(raw='CAST(_glue_raw_data AS TEXT)')} FROM {SCHEMA}.{table}")).all())
        finally:
            engine.dispose()
    return read


def duckdb_reader(path: Path):
    def read(table: str) -> dict[str, list[Row]]:
        if not path.exists():
            return {}
        with duckdb.connect(str(path), read_only=True) as db:
            known = db.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = ? "
                               "AND table_name = ?", [MANAGED_DATASET, table]).fetchone()[0]
            if not known:
                return {}
            return as_rows(db.execute(
                f"SELECT {COLUMNS.format(raw='CAST(_glue_raw_data AS VARCHAR)')} FROM {MANAGED_DATASET}.{table}"
            ).fetchall())
    return read
