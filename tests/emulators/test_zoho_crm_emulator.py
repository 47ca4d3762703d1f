"""The Zoho CRM emulator answers as Zoho's public documentation says (API v5, accounts server, API limits)."""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from glue_emulators.server import EmulatorServer
from glue_emulators.zoho_crm import create_emulator
from tests.emulators.manual_clock import ManualClock
from tests.emulators.oauth_fixtures import served_with_client, token_holder

CLIENT_ID, CLIENT_SECRET = "1000.ZOHOCLIENT", "zoho-secret"
REDIRECT_URI = "https://app.example.com/callback"
FIELDS = "Last_Name,Email,Modified_Time"


@pytest.fixture
def emulator():
    return create_emulator({"Leads": 2450, "Contacts": 5, "Accounts": 4, "Deals": 12, "users": 4})


@pytest.fixture
def server(emulator):
    with served_with_client(emulator, CLIENT_ID, CLIENT_SECRET) as running:
        yield running


@pytest.fixture
def api(emulator, server):
    with token_holder(emulator, server, "Zoho-oauthtoken") as client:
        yield client


def consent(server, access_type: str) -> dict:
    """Walks the consent screen; the query the browser brings back."""
    params = {"response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI, "state": "s-1",
              "scope": "ZohoCRM.modules.ALL,ZohoCRM.users.READ", "access_type": access_type, "prompt": "consent"}
    page = httpx.get(server.url + "/oauth/v2/auth", params=params)
    assert page.status_code == 200 and "ZohoCRM.users.READ" in page.text
    approved = httpx.post(server.url + "/oauth/v2/auth", data={**params, "decision": "approve"})
    assert approved.status_code == 302
    return {k: v[0] for k, v in parse_qs(urlparse(approved.headers["location"]).query).items()}


def exchange(server, code: str) -> dict:
    return httpx.post(server.url + "/oauth/v2/token", params={
        "grant_type": "authorization_code", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
        "redirect_uri": REDIRECT_URI, "code": code}).json()


def test_consent_names_the_data_centre_and_offline_access_brings_a_refresh_token(server):
    back = consent(server, "offline")
    assert back["state"] == "s-1" and back["location"] == "eu" and back["accounts-server"] == server.url
    token = exchange(server, back["code"])
    assert token["api_domain"] == server.url and token["expires_in"] == 3600 and token["refresh_token"]
    assert exchange(server, back["code"]) == {"error": "invalid_code"}  # a code works once

    refreshed = httpx.post(server.url + "/oauth/v2/token", data={
        "grant_type": "refresh_token", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
        "refresh_token": token["refresh_token"]}).json()
    assert refreshed["access_token"] != token["access_token"] and "refresh_token" not in refreshed
    assert refreshed["api_domain"] == server.url

    assert httpx.post(server.url + "/oauth/v2/token/revoke", params={"token": token["refresh_token"]}).json() == {
        "status": "success"}
    again = httpx.post(server.url + "/oauth/v2/token", data={
        "grant_type": "refresh_token", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
        "refresh_token": token["refresh_token"]})
    assert again.status_code == 200 and again.json() == {"error": "invalid_code"}


def test_online_access_brings_no_refresh_token_and_a_wrong_secret_is_refused(server):
    token = exchange(server, consent(server, "online")["code"])
    assert token["access_token"] and "refresh_token" not in token
    refused = httpx.post(server.url + "/oauth/v2/token", params={
        "grant_type": "refresh_token", "client_id": CLIENT_ID, "client_secret": "wrong", "refresh_token": "x"})
    assert refused.json() == {"error": "invalid_client"}


def test_calls_need_the_zoho_oauthtoken_scheme(emulator, server):
    token = emulator.oauth.mint()["access_token"]
    params = {"fields": FIELDS}
    bearer = httpx.get(server.url + "/crm/v5/Leads", params=params, headers={"Authorization": f"Bearer {token}"})
    assert bearer.status_code == 401 and bearer.json()["code"] == "INVALID_TOKEN"
    zoho = httpx.get(server.url + "/crm/v5/Leads", params=params,
                     headers={"Authorization": f"Zoho-oauthtoken {token}"})
    assert zoho.status_code == 200


def test_lists_require_fields_and_return_only_those(api):
    missing = api.get("/crm/v5/Leads")
    assert missing.status_code == 400 and missing.json() == {
        "code": "REQUIRED_PARAM_MISSING", "details": {"param": "fields"},
        "message": "One of the expected parameter is missing", "status": "error"}
    body = api.get("/crm/v5/Leads", params={"fields": FIELDS, "per_page": 3}).json()
    assert all(set(record) == {"id", "Last_Name", "Email", "Modified_Time", "$converted"} for record in body["data"])
    assert body["info"]["per_page"] == 3 and body["info"]["more_records"] is True
    assert api.get("/crm/v5/Leads", params={"fields": FIELDS, "per_page": 201}).status_code == 400
    assert api.get("/crm/v5/Leads", params={"fields": "No_Such_Field"}).json()["code"] == "INVALID_DATA"


def test_page_reaches_2000_records_and_page_token_goes_beyond(api):
    params = {"fields": FIELDS, "per_page": 200, "sort_by": "Modified_Time", "sort_order": "asc"}
    beyond = api.get("/crm/v5/Leads", params={**params, "page": 11})
    assert beyond.status_code == 400 and beyond.json()["code"] == "DISCRETE_PAGINATION_LIMIT_EXCEEDED"
    seen, info = [], None
    for page in range(1, 11):
        body = api.get("/crm/v5/Leads", params={**params, "page": page}).json()
        seen += [r["id"] for r in body["data"]]
        info = body["info"]
    token = info["next_page_token"]
    while token:
        body = api.get("/crm/v5/Leads", params={**params, "page_token": token}).json()
        seen += [r["id"] for r in body["data"]]
        token = body["info"]["next_page_token"] if body["info"]["more_records"] else None
    assert len(seen) == len(set(seen)) == 2450
    first = api.get("/crm/v5/Leads", params={**params, "page": 1}).json()["data"][0]
    assert first["Modified_Time"] == "2024-01-01T05:30:00+05:30"  # the organisation's offset


def test_if_modified_since_keeps_recent_changes_and_answers_204_when_none(emulator, api):
    changed = emulator.dataset["Leads"]
    changed.update([7, 9])
    headers = {"If-Modified-Since": "2030-01-01T00:00:00+05:30"}
    nothing = api.get("/crm/v5/Leads", params={"fields": FIELDS}, headers=headers)
    assert nothing.status_code == 204 and nothing.content == b""
    earlier = {"If-Modified-Since": datetime(2025, 1, 1, tzinfo=timezone.utc).isoformat()}
    body = api.get("/crm/v5/Leads", params={"fields": FIELDS, "sort_by": "Modified_Time", "sort_order": "asc"},
                   headers=earlier).json()
    assert [r["id"] for r in body["data"]] == ["5725767001000000008", "5725767001000000010"]


def test_deleted_records_are_listed_with_their_deletion_time(emulator, api):
    emulator.dataset["Deals"].delete([2])
    assert api.get("/crm/v5/Leads/deleted", params={"type": "all"}).status_code == 204
    body = api.get("/crm/v5/Deals/deleted", params={"type": "all"}).json()
    (tombstone,) = body["data"]
    assert tombstone["id"] == "5725767004000000003" and tombstone["type"] == "recycle"
    assert datetime.fromisoformat(tombstone["deleted_time"]).tzinfo is not None
    assert api.get("/crm/v5/Deals", params={"fields": "Deal_Name", "per_page": 200}).json()["info"]["count"] == 11


def test_users_by_type_and_the_current_user(emulator, api):
    emulator.dataset["users"].delete([3])
    every = api.get("/crm/v5/users", params={"type": "AllUsers"}).json()["users"]
    assert len(every) == 3 and all(u["status"] != "deleted" for u in every)
    deleted = api.get("/crm/v5/users", params={"type": "DeletedUsers"}).json()["users"]
    assert [u["status"] for u in deleted] == ["deleted"]
    (current,) = api.get("/crm/v5/users", params={"type": "CurrentUser"}).json()["users"]
    assert current["id"] == every[0]["id"] and current["profile"]["name"] == "Administrator"


def test_field_metadata_marks_the_custom_fields(api):
    fields = api.get("/crm/v5/settings/fields", params={"module": "Deals"}).json()["fields"]
    assert {f["api_name"] for f in fields if f["custom_field"]} == {"Contract_Months"}
    assert "Stage" in {f["api_name"] for f in fields}
    assert api.get("/crm/v5/settings/fields").json()["code"] == "REQUIRED_PARAM_MISSING"


def test_credits_run_out_over_a_rolling_day_and_come_back():
    clock = ManualClock()
    emulator = create_emulator({"Leads": 3, "users": 1}, credits=2, clock=clock)
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server:
        headers = {"Authorization": f"Zoho-oauthtoken {token}"}
        url = server.url + "/crm/v5/Leads"
        first = httpx.get(url, params={"fields": FIELDS}, headers=headers)
        assert first.headers["x-ratelimit-limit"] == "2" and first.headers["x-ratelimit-remaining"] == "1"
        clock.advance(3600)
        assert httpx.get(url, params={"fields": FIELDS}, headers=headers).status_code == 200
        spent = httpx.get(url, params={"fields": FIELDS}, headers=headers)
        assert spent.status_code == 429 and spent.json()["code"] == "TOO_MANY_REQUESTS"
        assert spent.headers["x-ratelimit-remaining"] == "0"
        assert int(spent.headers["retry-after"]) == 23 * 3600  # the first call's credit frees a day after it
        clock.advance(23 * 3600)
        assert httpx.get(url, params={"fields": FIELDS}, headers=headers).status_code == 200
