"""Zoho CRM's provider-info readers (who authorized, custom fields) against its emulator, through the same
get_json shape the API hands them."""

from __future__ import annotations

import httpx

from glue_emulators.server import EmulatorServer
from glue_emulators.zoho_crm import create_emulator
from glue_providers import registry
from glue_providers.api_auth import auth_headers
from glue_providers.spec import resolve


def test_the_authorizing_user_is_zohos_current_user_and_custom_fields_are_the_organisations():
    emulator = create_emulator({"Leads": 2, "users": 3})
    spec = registry.get("zoho_crm")
    credentials = {"access_token": emulator.oauth.mint()["access_token"]}
    headers = auth_headers(spec, credentials)
    assert headers == {"authorization": f"Zoho-oauthtoken {credentials['access_token']}"}
    with EmulatorServer(emulator.app) as server, httpx.Client(base_url=server.url, headers=headers) as http:
        def get_json(path: str, **params) -> dict:
            response = http.get(path, params=params)
            response.raise_for_status()
            return response.json()

        user = resolve(spec.user_lookup)(get_json, credentials)
        everyone = get_json("/crm/v5/users", type="AllUsers")["users"]
        assert user["user_id"] == everyone[0]["id"] and user["raw_details"]["profile"]["name"] == "Administrator"
        fields = resolve(spec.custom_fields)(get_json, "Leads")
        assert fields == [{"id": "Preferred_Language", "name": "Preferred Language", "description": None,
                           "finder": "$.Preferred_Language"}]
        assert resolve(spec.custom_fields)(get_json, "users") == []
