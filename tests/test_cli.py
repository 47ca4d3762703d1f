"""The `glue` command, run as a user runs it."""

import json

import httpx
from sqlalchemy import text

from glue_api.crypto import KeyRing, encode_key, generate_key, key_id_for
from glue_api.db import make_engine
from tests.support.processes import GlueServer, glue
from tests.support.store import postgres_url, reset_schema

POSTGRES_DESTINATION = {
    "name": "wh", "type": "postgres",
    "config": {"host": "h", "port": 5432, "database": "d", "schema": "s", "user": "u", "password": "rotate-me-pw"},
}


def test_embedded_default_end_to_end(tmp_path):
    env = {"GLUE_HOME": str(tmp_path / "home")}
    assert "up to date" in glue(env, "migrate").stdout
    created = json.loads(glue(env, "apps", "create", "acme", "--json").stdout)
    assert set(created) == {"application_id", "api_key"}

    with GlueServer(env) as server:
        headers = {"x-api-key": created["api_key"]}
        upserted = httpx.put(
            server.url + "/mgmt/v2/customers", headers=headers,
            json={"customer_id": "c1", "name": "Acme", "email": "a@acme.test"},
        )
        assert upserted.status_code == 200
        assert upserted.json()["application_id"] == created["application_id"]
        assert httpx.get(server.url + "/mgmt/v2/customers", headers={"x-api-key": "glue_sk_wrong"}).status_code == 401
    assert created["api_key"] not in server.output
    assert (tmp_path / "home" / "keyring").stat().st_mode & 0o077 == 0  # readable by its owner only


def test_postgres_store_requires_an_explicit_key(tmp_path):
    env = {"GLUE_HOME": str(tmp_path), "GLUE_DATABASE_URL": postgres_url()}
    result = glue(env, "serve", "--port", "1", check=False)
    assert result.returncode == 2
    assert "GLUE_SECRET_KEY must be set" in result.stderr
    assert not (tmp_path / "keyring").exists()


def sealed_key_ids(url: str) -> set[str]:
    engine = make_engine(url)
    with engine.connect() as connection:
        values = connection.execute(text("SELECT secrets FROM destinations")).scalars().all()
    engine.dispose()
    return {value.split(":", 1)[0] for value in values}


def create_destination(server: GlueServer, api_key: str) -> str:
    response = httpx.post(server.url + "/mgmt/v2/destinations", headers={"x-api-key": api_key}, json=POSTGRES_DESTINATION)
    assert response.status_code == 201
    return response.json()["id"]


def test_rotate_embedded_key_ring(tmp_path):
    env = {"GLUE_HOME": str(tmp_path)}
    glue(env, "migrate")
    api_key = json.loads(glue(env, "apps", "create", "acme", "--json").stdout)["api_key"]
    with GlueServer(env) as server:
        create_destination(server, api_key)
    old_ring = KeyRing.parse((tmp_path / "keyring").read_text())
    url = f"sqlite:///{tmp_path / 'glue.db'}"
    assert sealed_key_ids(url) == {old_ring.primary_id}

    summary = json.loads(glue(env, "keys", "rotate").stdout)
    new_ring = KeyRing.parse((tmp_path / "keyring").read_text())
    assert summary == {"primary_key_id": new_ring.primary_id, "resealed": 1}
    assert new_ring.primary_id != old_ring.primary_id
    assert sealed_key_ids(url) == {new_ring.primary_id}

    # The service still reads the secret: an update without password keeps the rotated one.
    with GlueServer(env) as server:
        destination = httpx.get(server.url + "/mgmt/v2/destinations", headers={"x-api-key": api_key}).json()[0]
        assert "rotate-me-pw" not in json.dumps(destination)
    from glue_api.db import make_session_factory
    from glue_api.destinations.service import full_config
    from glue_api.models import Destination

    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        stored = session.get(Destination, destination["id"])
        assert full_config(new_ring, stored)["password"] == "rotate-me-pw"
    engine.dispose()


def test_rotate_environment_key_ring_on_postgres(tmp_path):
    url = postgres_url()
    reset_schema(url)
    old_key, new_key = generate_key(), generate_key()
    old = f"{key_id_for(old_key)}:{encode_key(old_key)}"
    new = f"{key_id_for(new_key)}:{encode_key(new_key)}"
    env = {"GLUE_HOME": str(tmp_path), "GLUE_DATABASE_URL": url, "GLUE_SECRET_KEY": old}
    try:
        glue(env, "migrate")
        api_key = json.loads(glue(env, "apps", "create", "acme", "--json").stdout)["api_key"]
        with GlueServer(env) as server:
            create_destination(server, api_key)
        assert sealed_key_ids(url) == {key_id_for(old_key)}

        rotated_env = env | {"GLUE_SECRET_KEY": f"{new},{old}"}
        assert json.loads(glue(rotated_env, "keys", "rotate").stdout)["resealed"] == 1
        assert sealed_key_ids(url) == {key_id_for(new_key)}
        # Old key dropped: everything is still readable under the new one alone.
        with GlueServer(env | {"GLUE_SECRET_KEY": new}) as server:
            response = httpx.get(server.url + "/mgmt/v2/destinations", headers={"x-api-key": api_key})
            assert response.status_code == 200
    finally:
        reset_schema(url)
        from glue_api.migrate import upgrade

        upgrade(url)
