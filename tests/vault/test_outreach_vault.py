"""Outreach in the Vault: its records described per resource, and custom fields read live with the
connection's token (the custom1..custom150 attributes of prospects and accounts)."""

from __future__ import annotations

from datetime import datetime, timezone

import httpx
import pytest

from glue_emulators.outreach import create_emulator
from glue_emulators.server import EmulatorServer
from tests.vault.oauth_support import CLIENT_ID, CLIENT_SECRET

OUTREACH = {"name": "outreach", "category": "engagement", "auth_type": "oauth2",
            "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": [], "credentials": {
                "oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}}}


@pytest.fixture
def outreach(app, mgmt):
    emulator = create_emulator({"prospects": 3, "accounts": 2})
    emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    with EmulatorServer(emulator.app) as server:
        app.state.settings.provider_base_urls["outreach"] = server.url
        assert mgmt.post("/providers", json=OUTREACH).status_code == 201
        yield emulator, server


def test_resources_describe_outreachs_json_api_records(vault, outreach):
    vault.post("/vault/connections/crm/outreach", json={})
    schema = vault.get("/vault/connections/crm/outreach/contacts/schema").json()["data"]
    assert schema["properties"]["attributes"]["properties"]["firstName"] == {"type": "string"}
    states = vault.get("/vault/connections/crm/outreach/sequence_states/schema").json()["data"]
    assert states["properties"]["relationships"]["properties"]["prospect"]["properties"]["data"]["properties"][
        "id"] == {"type": "integer"}


def test_custom_fields_are_read_live_with_the_connections_token(vault, outreach):
    emulator, server = outreach
    tokens = emulator.oauth.mint(CLIENT_ID, [])
    imported = vault.post("/vault/connections/crm/outreach/import", json={"credentials": {
        "access_token": tokens["access_token"], "refresh_token": tokens["refresh_token"],
        "issued_at": datetime.now(timezone.utc).isoformat(), "expires_in": 7200}})
    assert imported.json()["data"]["state"] == "callable", imported.text

    def custom(resource: str) -> list[dict]:
        response = vault.get(f"/vault/connections/crm/outreach/{resource}/custom-fields")
        assert response.status_code == 200, response.text
        return response.json()["data"]

    contacts = custom("contacts")
    assert [f["id"] for f in contacts] == [f"custom{n}" for n in range(1, 151)]
    assert contacts[0]["finder"] == "$.attributes.custom1"
    assert len(custom("accounts")) == 150 and custom("sequences") == []

    httpx.post(f"{server.url}/_emulator/tokens/revoke_all", timeout=30).raise_for_status()
    refused = vault.get("/vault/connections/crm/outreach/contacts/custom-fields")
    assert refused.status_code == 502 and refused.json()["type_name"] == "ConnectorExecutionError"
    assert tokens["access_token"] not in refused.text
