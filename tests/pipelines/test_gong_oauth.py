"""Gong connected by its OAuth app flow (an application's choice over key pairs): the provider config says
which, a connection made by the Management API with a refresh token follows it, and syncs read Gong's API
with the bearer token (the account's own host, api_base_url_for_customer: tests/providers/test_spec.py)."""

from __future__ import annotations

from glue_pipelines.store import GlueStore
from glue_pipelines.sync.runner import sync_connection
from tests.pipelines.conftest import CLIENT_ID, CLIENT_SECRET, oauth_provider_body, sync_config_body
from tests.support.warehouse import postgres_destination_body


def test_providers_refuse_an_auth_type_glue_cannot_connect_them_by(mgmt):
    refused = mgmt.post("/providers", json={"name": "hubspot", "category": "crm", "auth_type": "api_key"})
    assert refused.status_code == 400 and "oauth2" in refused.json()["errors"][0]["detail"]
    assert mgmt.post("/providers", json={"name": "apollo", "category": "engagement", "auth_type": "oauth2",
                                         "config": oauth_provider_body("hubspot")["config"]}).status_code == 400
    assert mgmt.get("/providers").json() == []
    assert mgmt.post("/providers", json=oauth_provider_body("gong")).status_code == 201  # a key pair or OAuth


def test_a_connection_must_use_the_applications_way_to_connect(mgmt):
    assert mgmt.post("/providers", json=oauth_provider_body("gong")).status_code == 201
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
    keys = mgmt.post("/customers/c1/connections", json={
        "provider_name": "gong", "type": "access_key_secret", "access_key": "k", "access_key_secret": "s"})
    assert keys.status_code == 400 and "oauth2" in keys.json()["errors"][0]["detail"]
    assert mgmt.get("/customers/c1/connections").json() == []


def test_a_refresh_token_connection_syncs_with_bearer_tokens(glue, emulators, warehouse_url):
    emulated = emulators("gong", {"users": 4, "calls": 30})
    emulated.emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    refresh_token = emulated.emulator.oauth.mint(CLIENT_ID, [])["refresh_token"]
    glue.point_at(emulated)
    mgmt = glue.mgmt
    assert mgmt.post("/providers", json=oauth_provider_body("gong")).status_code == 201
    assert mgmt.post("/destinations", json=postgres_destination_body(warehouse_url, "calls")).status_code == 201
    assert mgmt.post("/sync_configs", json=sync_config_body("gong", ["users", "calls"])).status_code == 201
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
    made = mgmt.post("/customers/c1/connections",
                     json={"provider_name": "gong", "type": "oauth2", "refresh_token": refresh_token})
    assert made.status_code == 200, made.text

    outcomes = {o.object: o.records for o in sync_connection(glue.store, made.json()["id"])}
    assert outcomes == {"users": 4, "calls": 30}
    assert emulated.emulator.oauth.refresh_grants()  # the sync refreshed, then read with the bearer token

