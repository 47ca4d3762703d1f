"""Account Engagement's business unit id as a connection setting: only an 0Uv... id is taken through the
Vault, it is shown plainly (it is not a secret), and a connection without one cannot be called: Glue says
so instead of sending a request Account Engagement would refuse."""

from __future__ import annotations

import httpx
import pytest

from glue_api.connections.provider_calls import ProviderCall
from glue_api.errors import RemoteProviderError, Unprocessable
from glue_emulators.pardot import BUSINESS_UNIT_ID
from glue_providers import registry

PROVIDER = "salesforce_marketing_cloud_account_engagement"
PATH = f"/vault/connections/email-marketing/{PROVIDER}"
INTEGRATION = {
    "name": PROVIDER, "category": "marketing_automation", "auth_type": "oauth2",
    "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": [], "credentials": {
        "oauth_client_id": "glue-vault-client", "oauth_client_secret": "glue-vault-client-secret"}}},
}


def test_only_a_business_unit_id_is_taken_and_it_is_shown_plainly(vault, mgmt):
    assert mgmt.post("/providers", json=INTEGRATION).status_code == 201
    refused = vault.post(PATH, json={"settings": {"business_unit_id": "0Uv-not-an-id"}})
    assert refused.status_code == 400
    assert "business_unit_id is not in the expected form" in refused.text
    assert vault.get(PATH).json()["data"]["state"] == "available"  # nothing was kept

    added = vault.post(PATH, json={"settings": {"business_unit_id": BUSINESS_UNIT_ID}})
    assert added.status_code == 200, added.text
    assert added.json()["data"]["settings"] == {"business_unit_id": BUSINESS_UNIT_ID}
    changed = vault.request("PATCH", PATH, json={"settings": {"business_unit_id": "0Uv5e000000CaB8"}})
    assert changed.json()["data"]["settings"] == {"business_unit_id": "0Uv5e000000CaB8"}  # the 15-character form


def test_a_connection_without_a_business_unit_cannot_be_called():
    spec = registry.get(PROVIDER)
    with httpx.Client() as http:
        with pytest.raises(Unprocessable, match="has no business unit id"):
            ProviderCall(spec, "http://127.0.0.1:9", {"access_token": "t"}, http, RemoteProviderError, {})
        call = ProviderCall(spec, "http://127.0.0.1:9", {"access_token": "t"}, http, RemoteProviderError,
                            {"business_unit_id": BUSINESS_UNIT_ID})
    assert call.headers["Pardot-Business-Unit-Id"] == BUSINESS_UNIT_ID
    assert call.headers["authorization"] == "Bearer t"
