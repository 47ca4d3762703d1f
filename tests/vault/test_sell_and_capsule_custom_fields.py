"""The Vault's custom-fields of Zendesk Sell and Capsule, read live from their emulators: each account's own
fields, with a finder that reaches the value in a synced record."""

from __future__ import annotations

from datetime import datetime, timezone

import httpx
import pytest

from tests.vault.test_connections import CLIENT_ID, emulated, enable, oauth_integration  # noqa: F401 (fixture)

EXPECTED = {
    "zendesk_sell": {"contacts": ["Known via", "Segment"], "companies": ["Known via", "Segment"],
                     "leads": ["Campaign"], "opportunities": ["Referral partner"], "users": []},
    "capsule": {"contacts": ["Referral source", "Customer tier"], "companies": ["Referral source", "Customer tier"],
                "opportunities": ["Contract length"], "users": []},
}


@pytest.mark.parametrize("service", sorted(EXPECTED))
def test_custom_fields_are_the_accounts_own(vault, mgmt, emulated, service):  # noqa: F811
    emulator, server = emulated(service, {})
    enable(mgmt, oauth_integration(service))
    tokens = emulator.oauth.mint(CLIENT_ID, [])
    imported = vault.post(f"/vault/connections/crm/{service}/import", json={"credentials": {
        "access_token": tokens["access_token"], "refresh_token": tokens["refresh_token"],
        "issued_at": datetime.now(timezone.utc).isoformat(), "expires_in": 1800}})
    assert imported.json()["data"]["state"] == "callable"
    for resource, names in EXPECTED[service].items():
        response = vault.get(f"/vault/connections/crm/{service}/{resource}/custom-fields")
        assert response.status_code == 200, response.text
        fields = response.json()["data"]
        assert [f["name"] for f in fields] == names
        if service == "zendesk_sell":  # values keyed by the field's name
            assert all(f["finder"] == f"$.custom_fields.{f['name']}" for f in fields)
        else:  # values listed with the id of their definition
            assert all(f["finder"] == f"$.fields[?(@.definition.id=={f['id']})].value" for f in fields)

    httpx.post(f"{server.url}/_emulator/tokens/revoke_all", timeout=30).raise_for_status()
    refused = vault.get(f"/vault/connections/crm/{service}/contacts/custom-fields")
    assert refused.status_code == 502 and refused.json()["type_name"] == "ConnectorExecutionError"
    assert tokens["access_token"] not in refused.text
