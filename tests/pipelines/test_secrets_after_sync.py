"""After syncs (a full read, an incremental one, a failed one), no secret is anywhere Glue writes:
not in any table of the store (the request log included), not in any file under GLUE_HOME
(dlt's pipeline state, load packages, traces), not in a log line."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from glue_api.models import Connection
from glue_pipelines.sync.runner import sync_connection
from tests.pipelines.conftest import CLIENT_SECRET
from tests.pipelines.scenario import connect
from tests.support.store import dump_all_rows, postgres_url


@pytest.fixture
def loader_url(warehouse_url):
    """The warehouse as a role of its own, whose password is a fresh secret (the server's is too common to scan)."""
    role, password = f"loader_{uuid.uuid4().hex[:8]}", f"loader-secret-{uuid.uuid4().hex}"
    database = make_url(warehouse_url).database
    server = create_engine(postgres_url(), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'"))
        connection.execute(text(f'GRANT ALL ON DATABASE "{database}" TO {role}'))
    yield make_url(warehouse_url).set(username=role, password=password).render_as_string(hide_password=False)
    warehouse = create_engine(warehouse_url, isolation_level="AUTOCOMMIT")
    with warehouse.connect() as connection:
        connection.execute(text(f"DROP OWNED BY {role}"))
    warehouse.dispose()
    with server.connect() as connection:
        connection.execute(text(f"DROP ROLE {role}"))
    server.dispose()


def files_under(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_no_secret_is_written_anywhere_by_syncs(glue_on_each_store, emulators, loader_url, caplog):
    glue = glue_on_each_store
    caplog.set_level(logging.DEBUG)
    emulated = emulators("hubspot", {"contacts": 25, "companies": 5})
    scenario = connect(glue, emulated, loader_url)
    sync_connection(glue.store, scenario.connection_id)
    emulated.control("POST", "/changes/update", json={"object": "contacts", "indices": [3]})
    sync_connection(glue.store, scenario.connection_id)
    emulated.control("POST", "/faults", json={"unauthorized": True})  # access refused: a failed run too
    with pytest.raises(Exception):
        sync_connection(glue.store, scenario.connection_id)
    assert emulated.emulator.faults.served["unauthorized"] > 0

    with glue.store.session_factory() as session:
        credentials = glue.store.keyring.open_json(session.get(Connection, scenario.connection_id).credentials)
    secrets = {
        "warehouse password": make_url(loader_url).password,
        "refresh token": credentials["refresh_token"],
        "access token": credentials["access_token"],
        "OAuth client secret": CLIENT_SECRET,
    }
    assert all(len(value) >= 16 for value in secrets.values())  # distinctive enough that a hit is a leak

    rows = dump_all_rows(glue.store.engine, include_audit=True)
    assert rows["request_logs"] and rows["sync_runs"]  # the scan reads what the syncs wrote
    files = files_under(glue.settings.home)
    assert any("pipelines" in path.parts for path in files)  # dlt's state and packages are under GLUE_HOME
    database = repr(rows)
    for name, value in secrets.items():
        assert value not in database, f"the {name} is in the store"
        assert value not in caplog.text, f"the {name} was logged"
        for path, content in files.items():
            assert value.encode() not in content, f"the {name} is written in {path.relative_to(glue.settings.home)}"
