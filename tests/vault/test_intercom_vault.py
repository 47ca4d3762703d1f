"""Intercom in the Vault: an imported access token without expiry or refresh token is used as it is (never
refreshed), and the custom-fields operation lists the workspace's custom data attributes live."""

from __future__ import annotations

import httpx
import pytest

from glue_emulators import intercom
from glue_emulators.server import EmulatorServer
from tests.vault.oauth_support import CountingApp

CLIENT_ID, CLIENT_SECRET = "glue-vault-client", "glue-vault-client-secret"
INTERCOM = {"name": "intercom", "category": "no_category", "auth_type": "oauth2",
            "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": [], "credentials": {
                "oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}}}


@pytest.fixture
def served(app):
    emulator = intercom.create_emulator({"contacts": 3, "admins": 2})
    emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    counted = CountingApp(emulator.app, "/auth/eagle/token")
    with EmulatorServer(counted) as server:
        app.state.settings.provider_base_urls["intercom"] = server.url
        yield emulator, server, counted


def test_custom_fields_are_the_workspaces_custom_data_attributes(vault, mgmt, served):
    emulator, server, counted = served
    assert mgmt.post("/providers", json=INTERCOM).status_code == 201
    token = emulator.oauth.mint(CLIENT_ID, [])["access_token"]
    imported = vault.post("/vault/connections/customer-support/intercom/import",
                          json={"credentials": {"access_token": token}})
    assert imported.status_code == 200, imported.text
    assert imported.json()["data"]["state"] == "callable"

    contacts = vault.get("/vault/connections/customer-support/intercom/contacts/custom-fields")
    assert contacts.status_code == 200, contacts.text
    assert [(f["id"], f["name"], f["finder"]) for f in contacts.json()["data"]] == [
        ("12878000", "Plan", "$.custom_attributes.plan"), ("12878001", "Seats", "$.custom_attributes.seats")]
    companies = vault.get("/vault/connections/customer-support/intercom/companies/custom-fields").json()["data"]
    assert [f["finder"] for f in companies] == ["$.custom_attributes.region"]
    assert vault.get("/vault/connections/customer-support/intercom/users/custom-fields").json()["data"] == []
    assert counted.token_requests == 0  # the token never expires: nothing was refreshed

    httpx.post(f"{server.url}/_emulator/tokens/revoke_all", timeout=30).raise_for_status()  # the app was removed
    refused = vault.get("/vault/connections/customer-support/intercom/contacts/custom-fields")
    assert refused.status_code == 502 and token not in refused.text
    assert counted.token_requests == 0
