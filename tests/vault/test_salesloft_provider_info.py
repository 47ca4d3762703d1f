"""What Glue reads of a Salesloft connection besides its records: the team's custom fields of people and
accounts (Vault custom-fields), the minute's remaining cost (_rate_limit_info), and who authorized
(``GET /v2/me``), each answered live by the Salesloft emulator."""

from __future__ import annotations

from datetime import datetime, timezone

import httpx
import pytest

from glue_emulators import salesloft
from glue_emulators.server import EmulatorServer
from glue_providers.salesloft.users import authorizing_user
from tests.emulators.manual_clock import ManualClock

CLIENT_ID, CLIENT_SECRET = "glue-salesloft-client", "glue-salesloft-secret"
INTEGRATION = {"name": "salesloft", "category": "engagement", "auth_type": "oauth2",
               "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": [], "credentials": {
                   "oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}}}


@pytest.fixture
def clock():
    return ManualClock(start=60_000.0)  # a minute's start: the test's calls share one minute


@pytest.fixture
def emulated(app, mgmt, clock):
    emulator = salesloft.create_emulator({"people": 3, "users": 2}, clock=clock)
    emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    with EmulatorServer(emulator.app) as server:
        app.state.settings.provider_base_urls["salesloft"] = server.url
        assert mgmt.post("/providers", json=INTEGRATION).status_code == 201
        yield emulator, server


def test_custom_fields_are_the_teams_fields_of_people_and_accounts(vault, emulated):
    emulator, server = emulated
    tokens = emulator.oauth.mint(CLIENT_ID, [])
    imported = vault.post("/vault/connections/crm/salesloft/import", json={"credentials": {
        "access_token": tokens["access_token"], "refresh_token": tokens["refresh_token"],
        "issued_at": datetime.now(timezone.utc).isoformat(), "expires_in": 7200}})
    assert imported.json()["data"]["state"] == "callable", imported.text

    def custom(resource: str) -> list[dict]:
        response = vault.get(f"/vault/connections/crm/salesloft/{resource}/custom-fields")
        assert response.status_code == 200, response.text
        return response.json()["data"]

    contacts = custom("contacts")
    assert [(f["id"], f["name"]) for f in contacts] == [("7001", "Lead Source Detail"), ("7002", "Preferred Language")]
    assert contacts[0]["finder"] == "$.custom_fields.Lead Source Detail"
    person = httpx.get(f"{server.url}/v2/people", headers={"Authorization": f"Bearer {tokens['access_token']}"}
                       ).json()["data"][0]
    assert set(person["custom_fields"]) == {f["name"] for f in contacts}  # where the finders point
    assert [f["name"] for f in custom("companies")] == ["Customer Segment"]
    assert custom("users") == []


def test_rate_limit_info_reports_what_is_left_of_the_teams_minute(mgmt, emulated):
    emulator, _ = emulated
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
    made = mgmt.post("/customers/c1/connections", json={
        "provider_name": "salesloft", "type": "oauth2",
        "refresh_token": emulator.oauth.mint(CLIENT_ID)["refresh_token"]})
    assert made.status_code == 200, made.text

    first = mgmt.get("/customers/c1/connections/salesloft/_rate_limit_info").json()
    second = mgmt.get("/customers/c1/connections/salesloft/_rate_limit_info").json()
    assert first == {"other": {"minute": {"limit": 600, "remaining": 599}}}  # a sliding report: no reset time
    assert second["other"]["minute"]["remaining"] == 598  # each read costs the team 1


def test_who_authorized_is_the_user_the_token_acts_for(emulated):
    emulator, server = emulated
    token = emulator.oauth.mint(CLIENT_ID)["access_token"]

    def get_json(path: str, **params) -> dict:
        return httpx.get(server.url + path, params=params, headers={"Authorization": f"Bearer {token}"}).json()

    user = authorizing_user(get_json, {"access_token": token})
    assert user["user_id"] == str(salesloft.remote_id("users", 0))
    assert user["raw_details"]["email"].endswith("@seller.example.com") and token not in str(user)
