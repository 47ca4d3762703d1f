"""Zoho CRM in the Vault: custom fields read live from the organisation's field metadata, and its resources."""

from __future__ import annotations

from datetime import datetime, timezone

import httpx

from tests.vault.test_connections import CLIENT_ID, emulated, enable, oauth_integration  # noqa: F401 (fixture)


def test_zoho_custom_fields_are_the_organisations_own_fields(vault, mgmt, emulated):  # noqa: F811
    emulator, server = emulated("zoho_crm", {"Leads": 3, "Contacts": 3, "Accounts": 2, "Deals": 2, "users": 2})
    enable(mgmt, oauth_integration("zoho_crm"))
    tokens = emulator.oauth.mint(CLIENT_ID, [])
    imported = vault.post("/vault/connections/crm/zoho_crm/import", json={"credentials": {
        "access_token": tokens["access_token"], "refresh_token": tokens["refresh_token"],
        "issued_at": datetime.now(timezone.utc).isoformat(), "expires_in": 3600}})
    assert imported.json()["data"]["state"] == "callable", imported.text

    def custom(resource: str) -> list[dict]:
        response = vault.get(f"/vault/connections/crm/zoho_crm/{resource}/custom-fields")
        assert response.status_code == 200, response.text
        return response.json()["data"]

    metadata = httpx.get(f"{server.url}/crm/v5/settings/fields", params={"module": "Contacts"}, timeout=30,
                         headers={"authorization": f"Zoho-oauthtoken {tokens['access_token']}"}).json()["fields"]
    expected = [{"id": f["api_name"], "name": f["field_label"], "description": None, "finder": f"$.{f['api_name']}"}
                for f in metadata if f["custom_field"]]
    assert custom("contacts") == expected and [f["id"] for f in expected] == ["Preferred_Language"]
    assert [f["id"] for f in custom("leads")] == ["Preferred_Language"]
    assert [f["name"] for f in custom("companies")] == ["Customer Tier"]
    assert [f["name"] for f in custom("opportunities")] == ["Contract Months"]
    assert custom("users") == []

    httpx.post(f"{server.url}/_emulator/tokens/revoke_all", timeout=30).raise_for_status()
    refused = vault.get("/vault/connections/crm/zoho_crm/contacts/custom-fields")
    assert refused.status_code == 502 and refused.json()["type_name"] == "ConnectorExecutionError"
    assert tokens["access_token"] not in refused.text


def test_zoho_resources_describe_its_modules(vault, mgmt):
    enable(mgmt, oauth_integration("zoho_crm"))
    vault.post("/vault/connections/crm/zoho_crm", json={})
    example = vault.get("/vault/connections/crm/zoho_crm/opportunities/example").json()["data"]
    assert example["resource"] == {"id": "opportunities", "name": "Opportunities", "status": "live",
                                   "downstream_id": "Deals", "downstream_name": "Deals"}
    assert example["example_response"]["Stage"] == "Negotiation/Review"
    schema = vault.get("/vault/connections/crm/zoho_crm/contacts/schema").json()["data"]
    assert schema["properties"]["Email"] == {"type": "string"}
    assert schema["properties"]["Account_Name"]["type"] == "object"
    assert vault.get("/vault/connections/crm/zoho_crm/tickets/schema").status_code == 404
