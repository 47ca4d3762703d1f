"""The managed DuckDB destination (the embedded default) and S3 (delta tables on a local S3 server)."""

import subprocess
import sys
import time

import boto3
import duckdb
import pytest
from botocore.exceptions import EndpointConnectionError
from deltalake import DeltaTable

from glue_pipelines.destinations.factory import MANAGED_WAREHOUSE_FILE
from glue_pipelines.sync.runner import sync_connection
from tests.pipelines.conftest import oauth_provider_body, sync_config_body
from tests.support.processes import free_port

REGION = "us-east-1"
KEY_ID, SECRET = "AKIDGLUETEST", "glue-test-secret-key"


def connect_to(glue, emulated, destination: dict) -> str:
    glue.point_at(emulated)
    mgmt = glue.mgmt
    mgmt.post("/providers", json=oauth_provider_body(emulated.name))
    assert mgmt.post("/destinations", json=destination).status_code == 201
    name = destination.get("name", "supaglue")
    assert mgmt.post("/sync_configs", json=sync_config_body(emulated.name, ["persons"], destination=name)).status_code == 201
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
    made = mgmt.post("/customers/c1/connections",
                     json={"provider_name": emulated.name, "type": "oauth2", "refresh_token": emulated.refresh_token()})
    return made.json()["id"]


def trigger_full_refresh(glue, object_name: str) -> None:
    headers = {"x-customer-id": "c1", "x-provider-name": "pipedrive"}
    body = {"object_type": "standard", "object": object_name, "perform_full_refresh": True}
    assert glue.mgmt.post("/syncs/_trigger", json=body, headers=headers).status_code == 200


def test_managed_duckdb_destination(glue, emulators):
    emulated = emulators("pipedrive", {"persons": 80})
    connection_id = connect_to(glue, emulated, {"type": "supaglue"})
    sync_connection(glue.store, connection_id)
    deleted = set(emulated.control("POST", "/changes/delete", json={"object": "persons", "fraction": 0.05})["ids"])
    trigger_full_refresh(glue, "persons")
    sync_connection(glue.store, connection_id)

    with duckdb.connect(str(glue.settings.home / MANAGED_WAREHOUSE_FILE), read_only=True) as db:
        rows = db.execute("SELECT _glue_id, _glue_is_deleted FROM glue.pipedrive_persons").fetchall()
    assert len(rows) == 80
    assert {rid for rid, is_deleted in rows if is_deleted} == deleted


@pytest.fixture
def s3_server():
    """moto's S3 server in its own process: delta-rs holds the GIL while it waits on the network,
    so a server thread in this process could never answer it."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    s3 = boto3.client("s3", endpoint_url=url, region_name=REGION, aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET)
    deadline = time.monotonic() + 30
    while True:
        try:
            s3.create_bucket(Bucket="lake")
            break
        except (EndpointConnectionError, ConnectionError):
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_s3_destination_merges_into_delta_tables(glue, emulators, s3_server):
    emulated = emulators("pipedrive", {"persons": 60})
    connection_id = connect_to(glue, emulated, {
        "name": "lake", "type": "s3",
        "config": {"bucket": "s3://lake", "region": REGION, "access_key_id": KEY_ID, "secret_access_key": SECRET,
                   "endpoint_url": s3_server},
    })
    sync_connection(glue.store, connection_id)
    changed = set(emulated.control("POST", "/changes/update", json={"object": "persons", "fraction": 0.05})["ids"])
    sync_connection(glue.store, connection_id)
    deleted = set(emulated.control("POST", "/changes/delete", json={"object": "persons", "fraction": 0.05})["ids"])
    trigger_full_refresh(glue, "persons")
    sync_connection(glue.store, connection_id)

    options = {"AWS_ACCESS_KEY_ID": KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET, "AWS_REGION": REGION,
               "AWS_ENDPOINT_URL": s3_server, "AWS_ALLOW_HTTP": "true", "AWS_S3_ALLOW_UNSAFE_RENAME": "true"}
    table = DeltaTable("s3://lake/glue/pipedrive_persons", storage_options=options).to_pyarrow_table()
    ids = table.column("_glue_id").to_pylist()
    assert len(ids) == len(set(ids)) == 60  # merged, not appended
    flags = dict(zip(ids, table.column("_glue_is_deleted").to_pylist()))
    assert {rid for rid, is_deleted in flags.items() if is_deleted} == deleted
    assert changed  # and the incremental in between merged without duplicating them
