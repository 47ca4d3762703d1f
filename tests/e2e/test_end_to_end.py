"""End to end over HTTP and real processes: `glue serve`, the Dagster daemon, an emulated provider."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from glue_api.crypto import KeyRing, generate_key, key_id_for
from glue_api.migrate import upgrade
from tests.pipelines.conftest import oauth_provider_body, start_emulator, store_database, sync_config_body
from tests.support.processes import GlueServer
from tests.support.store import BACKENDS
from tests.support.warehouse import postgres_destination_body

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def emulated():
    emulated = start_emulator("pipedrive", {"persons": 300, "organizations": 40})
    yield emulated
    emulated.server.stop()


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path) -> str:
    """The store's URL: the embedded SQLite file, then a fresh PostgreSQL database."""
    with store_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def environment(tmp_path, emulated, store) -> dict[str, str]:
    key = generate_key()
    env = {
        "GLUE_HOME": str(tmp_path / "home"),
        "GLUE_DATABASE_URL": store,
        "GLUE_SECRET_KEY": KeyRing([(key_id_for(key), key)]).serialize(),
        "GLUE_PROVIDER_BASE_URLS": json.dumps({"pipedrive": emulated.url}),
        "DAGSTER_HOME": str(tmp_path / "dagster"),
    }
    Path(env["DAGSTER_HOME"]).mkdir()
    shutil.copy(ROOT / "glue_pipelines" / "instance" / "embedded.yaml", Path(env["DAGSTER_HOME"]) / "dagster.yaml")
    upgrade(env["GLUE_DATABASE_URL"])
    return env


@pytest.fixture
def daemon(environment):
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "dagster-daemon"), "run", "-w", str(ROOT / "workspace.yaml")],
        cwd=ROOT, env=os.environ | environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    yield process
    process.terminate()
    try:
        process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_for_runs(api: httpx.Client, count: int, timeout: float = 240) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = api.get("/sync-runs", params={"object": "persons"}).json()["results"]
        finished = [r for r in runs if r["status"] != "IN_PROGRESS"]
        if len(finished) >= count:
            return finished
        time.sleep(2)
    raise AssertionError(f"fewer than {count} finished sync runs after {timeout} s: {runs}")


def warehouse_rows(url: str) -> dict[str, tuple]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT _glue_id, CAST(_glue_raw_data AS TEXT), _glue_is_deleted FROM crm.pipedrive_persons")).all()
    engine.dispose()
    return {r[0]: (r[1], r[2]) for r in rows}


def test_sensors_sync_a_new_connection_then_changes_then_deletions(environment, emulated, daemon, warehouse_url):
    with GlueServer(environment) as server:
        result = subprocess.run([sys.executable, "-m", "glue_api.cli", "apps", "create", "acme", "--json"],
                                env=os.environ | environment, capture_output=True, text=True, check=True)
        api = httpx.Client(base_url=server.url + "/mgmt/v2", timeout=30,
                           headers={"x-api-key": json.loads(result.stdout)["api_key"]})
        assert api.post("/destinations", json=postgres_destination_body(warehouse_url)).status_code == 201
        assert api.post("/providers", json=oauth_provider_body("pipedrive")).status_code == 201
        assert api.post("/sync_configs", json=sync_config_body("pipedrive", ["persons", "organizations"],
                                                              period_ms=3_600_000)).status_code == 201
        api.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
        made = api.post("/customers/c1/connections", json={
            "provider_name": "pipedrive", "type": "oauth2", "refresh_token": emulated.refresh_token()})
        assert made.status_code == 200

        # The sensors find the new connection and start its first (full) sync.
        first = wait_for_runs(api, 1)
        assert first[0]["status"] == "SUCCESS", first[0]["error_message"]
        rows = warehouse_rows(warehouse_url)
        assert set(rows) == set(emulated.live_records("persons"))

        # 1% changes upstream; a trigger runs an incremental that moves exactly those rows.
        changed = set(emulated.control("POST", "/changes/update", json={"object": "persons", "fraction": 0.01})["ids"])
        headers = {"x-customer-id": "c1", "x-provider-name": "pipedrive"}
        assert api.post("/syncs/_trigger", json={"object_type": "standard", "object": "persons"},
                        headers=headers).status_code == 200
        second = wait_for_runs(api, 2)
        assert {r["status"] for r in second} == {"SUCCESS"}
        after = warehouse_rows(warehouse_url)
        assert {rid for rid in after if after[rid][0] != rows[rid][0]} == changed

        # A deletion upstream is marked after the next full sync.
        deleted = set(emulated.control("POST", "/changes/delete", json={"object": "persons", "fraction": 0.01})["ids"])
        assert api.post("/syncs/_trigger", json={"object_type": "standard", "object": "persons",
                                                 "perform_full_refresh": True}, headers=headers).status_code == 200
        third = wait_for_runs(api, 3)
        assert {r["status"] for r in third} == {"SUCCESS"}
        final = warehouse_rows(warehouse_url)
        assert {rid for rid, (_, is_deleted) in final.items() if is_deleted} == deleted
