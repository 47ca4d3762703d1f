"""Every secret written through the API is found nowhere but decrypted in memory."""

import logging
import uuid
from pathlib import Path

from glue_api.connections.repository import get_connection
from glue_api.destinations.service import full_config
from glue_api.models import Destination, ProviderConfig
from glue_emulators import apollo, gong
from glue_emulators.server import EmulatorServer
from tests.support.store import dump_all_rows


def files_written_under(root: Path) -> dict[Path, bytes]:
    """Every file under ``root`` (Glue's home: key ring, embedded store, pipeline state), as bytes."""
    return {path: path.read_bytes() for path in root.rglob("*") if path.is_file()} if root.exists() else {}


def secret(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex}"


def test_secrets_are_sealed_and_never_returned(app, mgmt, keyring, caplog):
    caplog.set_level(logging.DEBUG)
    secrets = {name: secret(name) for name in (
        "client_secret", "pg_password", "pg_client_key", "bq_private_key", "snow_password",
        "rs_s3_access_key", "s3_secret", "apollo_key", "gong_secret", "hubspot_refresh",
    )}
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "a@acme.test"})
    hubspot = mgmt.post("/providers", json={
        "name": "hubspot", "category": "crm", "auth_type": "oauth2",
        "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": ["crm.objects.contacts.read"],
                   "credentials": {"oauth_client_id": "cid", "oauth_client_secret": secrets["client_secret"]}}},
    }).json()
    mgmt.post("/providers", json={"name": "apollo", "category": "engagement", "auth_type": "api_key"})
    mgmt.post("/providers", json={"name": "gong", "category": "no_category", "auth_type": "access_key_secret"})
    destinations = [
        {"name": "pg", "type": "postgres", "config": {"host": "h", "port": 5432, "database": "d", "schema": "s", "user": "u",
                                                      "password": secrets["pg_password"], "client_key": secrets["pg_client_key"]}},
        {"name": "bq", "type": "bigquery", "config": {"project_id": "p", "dataset": "d", "credentials": {
            "client_email": "sa@p.iam.gserviceaccount.com",
            "private_key": f"-----BEGIN PRIVATE KEY-----\n{secrets['bq_private_key']}\n-----END PRIVATE KEY-----\n"}}},
        {"name": "sf", "type": "snowflake", "config": {"host": "h", "role": "r", "warehouse": "w", "database": "d", "schema": "s",
                                                       "username": "u", "password": secrets["snow_password"]}},
        {"name": "rs", "type": "redshift", "config": {"host": "h", "port": 5439, "username": "u", "database": "d", "schema": "s",
                                                      "upload_method": "s3_staging", "s3_key_id": "AKID", "s3_bucket_name": "b",
                                                      "s3_bucket_region": "us-west-2", "s3_access_key": secrets["rs_s3_access_key"]}},
        {"name": "s3", "type": "s3", "config": {"bucket": "s3://b", "region": "us-east-1", "access_key_id": "AKID",
                                                "secret_access_key": secrets["s3_secret"]}},
    ]
    destination_ids = [mgmt.post("/destinations", json=body).json()["id"] for body in destinations]
    # Keys are checked with the provider before they are stored: emulators that accept these.
    apollo_server = EmulatorServer(apollo.create_emulator([secrets["apollo_key"]]).app).start()
    gong_server = EmulatorServer(gong.create_emulator([("gong-access", secrets["gong_secret"])]).app).start()
    app.state.settings.provider_base_urls |= {"apollo": apollo_server.url, "gong": gong_server.url}
    for body in (
        {"provider_name": "apollo", "type": "api_key", "api_key": secrets["apollo_key"]},
        {"provider_name": "gong", "type": "access_key_secret", "access_key": "gong-access", "access_key_secret": secrets["gong_secret"]},
        {"provider_name": "hubspot", "type": "oauth2", "refresh_token": secrets["hubspot_refresh"]},
    ):
        assert mgmt.post("/customers/c1/connections", json=body).status_code == 200
    apollo_server.stop()
    gong_server.stop()

    # Every read endpoint, and every response received so far.
    reads = ["/customers", "/customers/c1", "/providers", f"/providers/{hubspot['id']}", "/destinations",
             "/customers/c1/connections", "/customers/c1/connections/hubspot", "/sync_configs", "/magic_links"]
    reads += [f"/destinations/{d}" for d in destination_ids]
    for path in reads:
        assert mgmt.get(path).status_code == 200
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "a@acme.test"})  # lists connections

    responses = b"\n".join(body for *_, body in mgmt.received).decode()
    app.state.request_logs.flush()  # written in batches every 0.5 s: the scan must see this test's requests
    rows = dump_all_rows(app.state.engine, include_audit=True)
    assert rows["request_logs"]  # the audit trail is scanned too, and it holds these requests
    database = repr(rows)
    files = files_written_under(app.state.settings.home)  # empty here unless the API wrote there; syncs: tests/pipelines
    logs = caplog.text
    for name, value in secrets.items():
        assert value not in responses, f"{name} came back in a response"
        assert value not in database, f"{name} is stored in plaintext"
        assert value not in logs, f"{name} was logged"
        for path, content in files.items():
            assert value.encode() not in content, f"{name} is written in {path}"

    # ... and yet each one opens in memory.
    with app.state.session_factory() as session:
        provider = session.get(ProviderConfig, hubspot["id"])
        assert keyring.open(provider.oauth_client_secret).decode() == secrets["client_secret"]
        opened = [full_config(keyring, session.get(Destination, d)) for d in destination_ids]
        assert opened[0]["password"] == secrets["pg_password"]
        assert secrets["bq_private_key"] in opened[1]["credentials"]["private_key"]
        assert opened[4]["secret_access_key"] == secrets["s3_secret"]
        _, connection = get_connection(session, provider.application_id, "c1", "gong")
        assert keyring.open_json(connection.credentials)["access_key_secret"] == secrets["gong_secret"]
        assert repr(connection.credentials) == "Sealed(***)"
