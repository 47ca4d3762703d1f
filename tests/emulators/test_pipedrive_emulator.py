"""The Pipedrive emulator answers as Pipedrive's public documentation says."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from starlette.testclient import TestClient

from glue_emulators.pipedrive import create_emulator
from tests.emulators.manual_clock import ManualClock
from tests.emulators.oauth_fixtures import served_with_client, token_holder

CLIENT_ID, CLIENT_SECRET = "pd-client", "pd-secret"
REDIRECT_URI = "https://app.example.com/callback"


@pytest.fixture
def emulator():
    return create_emulator({"persons": 23, "organizations": 7, "deals": 12, "leads": 12, "users": 4})


@pytest.fixture
def server(emulator):
    with served_with_client(emulator, CLIENT_ID, CLIENT_SECRET) as running:
        yield running


@pytest.fixture
def api(emulator, server):
    with token_holder(emulator, server) as client:
        yield client


def basic(client_id: str = CLIENT_ID, secret: str = CLIENT_SECRET) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def authorize(server, **extra) -> str:
    """Walks the consent screen and returns the code the browser brings back."""
    params = {"client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI, "state": "s-1", **extra}
    page = httpx.get(server.url + "/oauth/authorize", params=params)
    assert page.status_code == 200 and "Pipedrive" in page.text
    approved = httpx.post(server.url + "/oauth/authorize", data={**params, "scope": "base,deals:read",
                                                                  "decision": "approve"})
    assert approved.status_code == 302
    query = parse_qs(urlparse(approved.headers["location"]).query)
    assert query["state"] == ["s-1"]
    return query["code"][0]


def all_pages(api, path: str, **params) -> list[dict]:
    found, cursor = [], None
    while True:
        body = api.get(path, params={**params, **({"cursor": cursor} if cursor else {})}).json()
        found += body["data"]
        cursor = body["additional_data"]["next_cursor"]
        if cursor is None:
            return found


# -- OAuth -----------------------------------------------------------------------------------

def test_code_exchange_with_pkce_and_refresh(server):
    verifier = "v" * 64
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    code = authorize(server, code_challenge=challenge, code_challenge_method="S256")

    answer = httpx.post(server.url + "/oauth/token", headers=basic(), data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI, "code_verifier": verifier})
    assert answer.status_code == 200
    tokens = answer.json()
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 3599
    assert tokens["api_domain"] == server.url
    assert tokens["scope"] == "base,deals:read"
    assert httpx.get(tokens["api_domain"] + "/v1/users",
                     headers={"Authorization": f"Bearer {tokens['access_token']}"}).status_code == 200

    refreshed = httpx.post(server.url + "/oauth/token", headers=basic(),
                           data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200
    assert refreshed.json()["access_token"] != tokens["access_token"]
    assert refreshed.json()["api_domain"] == server.url

    reused = httpx.post(server.url + "/oauth/token", headers=basic(), data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI, "code_verifier": verifier})
    assert reused.status_code == 400
    assert reused.json() == {"success": False, "error": "invalid_grant",
                             "message": "Invalid grant: authorization code is invalid"}


def test_code_exchange_without_pkce_and_with_a_wrong_verifier(server):
    plain = authorize(server)
    assert httpx.post(server.url + "/oauth/token", headers=basic(), data={
        "grant_type": "authorization_code", "code": plain, "redirect_uri": REDIRECT_URI}).status_code == 200

    code = authorize(server, code_challenge="expected-challenge", code_challenge_method="S256")
    wrong = httpx.post(server.url + "/oauth/token", headers=basic(), data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI, "code_verifier": "other"})
    assert wrong.status_code == 400
    assert wrong.json()["error"] == "invalid_grant"


def test_denied_consent_redirects_with_an_error(server):
    params = {"client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI, "state": "s-2", "decision": "deny"}
    denied = httpx.post(server.url + "/oauth/authorize", data=params)
    assert denied.status_code == 302
    assert parse_qs(urlparse(denied.headers["location"]).query) == {"error": ["access_denied"], "state": ["s-2"]}


def test_token_endpoint_errors(server):
    bad_refresh = httpx.post(server.url + "/oauth/token", headers=basic(),
                             data={"grant_type": "refresh_token", "refresh_token": "nope"})
    assert bad_refresh.status_code == 400
    assert bad_refresh.json() == {"success": False, "error": "invalid_grant",
                                  "message": "Invalid grant: refresh token is invalid"}

    wrong_secret = httpx.post(server.url + "/oauth/token", headers=basic(secret="wrong"),
                              data={"grant_type": "refresh_token", "refresh_token": "nope"})
    assert wrong_secret.status_code == 401 and wrong_secret.json()["error"] == "invalid_client"

    no_credentials = httpx.post(server.url + "/oauth/token", data={"grant_type": "refresh_token", "refresh_token": "x"})
    assert no_credentials.status_code == 400 and no_credentials.json()["error"] == "invalid_client"

    as_json = httpx.post(server.url + "/oauth/token", headers=basic(), json={"grant_type": "refresh_token"})
    assert as_json.status_code == 400 and "x-www-form-urlencoded" in as_json.json()["message"]

    odd_grant = httpx.post(server.url + "/oauth/token", headers=basic(), data={"grant_type": "password"})
    assert odd_grant.status_code == 400 and odd_grant.json()["error"] == "unsupported_grant_type"


def test_revoked_refresh_token_is_an_invalid_grant(emulator, server):
    tokens = emulator.oauth.mint(CLIENT_ID)
    emulator.oauth.revoke_all()
    answer = httpx.post(server.url + "/oauth/token", headers=basic(),
                        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]})
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_grant"


def test_revoke_ends_a_refresh_token_and_needs_the_apps_credentials(emulator, server):
    tokens = emulator.oauth.mint(CLIENT_ID)
    form = {"token": tokens["refresh_token"], "token_type_hint": "refresh_token"}
    assert httpx.post(server.url + "/oauth/revoke", data=form).status_code == 401
    assert httpx.post(server.url + "/oauth/revoke", headers=basic(secret="wrong"), data=form).status_code == 401
    assert httpx.post(server.url + "/oauth/revoke", headers=basic(), data={}).status_code == 400
    assert httpx.post(server.url + "/oauth/revoke", headers=basic(), data=form).status_code == 200
    answer = httpx.post(server.url + "/oauth/token", headers=basic(),
                        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]})
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_grant"
    # RFC 7009: revoking an unknown or already revoked token is not an error.
    assert httpx.post(server.url + "/oauth/revoke", headers=basic(), data=form).status_code == 200


# -- authentication on the API ---------------------------------------------------------------

UNAUTHORIZED = {"success": False, "error": "unauthorized access", "errorCode": 401}


@pytest.mark.parametrize("path", ["/api/v2/persons", "/api/v2/deals", "/v1/leads", "/api/v1/users"])
def test_api_refuses_missing_unknown_and_expired_tokens(emulator, server, path):
    missing = httpx.get(server.url + path)
    assert missing.status_code == 401 and UNAUTHORIZED.items() <= missing.json().items()
    unknown = httpx.get(server.url + path, headers={"Authorization": "Bearer not-a-token"})
    assert unknown.status_code == 401
    token = emulator.oauth.mint()["access_token"]
    assert httpx.get(server.url + path, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    emulator.oauth.expire_access_tokens()
    expired = httpx.get(server.url + path, headers={"Authorization": f"Bearer {token}"})
    assert expired.status_code == 401 and UNAUTHORIZED.items() <= expired.json().items()


# -- API v2 lists ----------------------------------------------------------------------------

@pytest.mark.parametrize("sort_by", ["id", "update_time"])
def test_v2_cursor_pages_cover_every_record_once(api, sort_by):
    persons = all_pages(api, "/api/v2/persons", limit=5, sort_by=sort_by)
    assert [p["id"] for p in persons] == list(range(1, 24))
    first = api.get("/api/v2/persons", params={"limit": 5}).json()
    assert first["success"] is True and len(first["data"]) == 5 and first["additional_data"]["next_cursor"]
    person = first["data"][0]
    assert {"name", "first_name", "last_name", "owner_id", "org_id", "emails", "phones", "add_time", "update_time",
            "is_deleted", "visible_to", "custom_fields"} <= person.keys()
    assert person["update_time"].endswith("Z") and "T" in person["update_time"]


def test_v2_limit_and_parameters_are_validated(api):
    assert api.get("/api/v2/persons", params={"limit": 501}).status_code == 400
    assert api.get("/api/v2/persons", params={"updated_since": "yesterday"}).status_code == 400
    assert api.get("/api/v2/persons", params={"cursor": "garbage"}).status_code == 400
    refused = api.get("/api/v2/persons", params={"sort_by": "name"})
    assert refused.status_code == 400 and refused.json()["success"] is False


def test_updated_since_returns_changed_records_in_update_order(api):
    changed = api.post("/_emulator/changes/update", json={"object": "organizations", "indices": [5, 1]}).json()["ids"]
    everything = all_pages(api, "/api/v2/organizations", sort_by="update_time")
    assert [o["id"] for o in everything][-2:] == [int(i) for i in changed]  # changes moved to the end
    since = everything[-2]["update_time"]
    recent = all_pages(api, "/api/v2/organizations", sort_by="update_time", updated_since=since, limit=1)
    assert {o["id"] for o in recent} == {2, 6}
    assert all(o["update_time"] >= since for o in recent)
    until = all_pages(api, "/api/v2/organizations", sort_by="update_time", updated_until=since)
    assert {o["id"] for o in until} == set(range(1, 8)) - {2, 6}


def test_deleted_deals_are_listed_only_with_status_deleted(api):
    api.post("/_emulator/changes/delete", json={"object": "deals", "indices": [0, 4]})
    live = all_pages(api, "/api/v2/deals")
    assert {d["id"] for d in live} == set(range(1, 13)) - {1, 5}
    assert all(d["is_deleted"] is False and d["status"] in ("open", "won", "lost") for d in live)
    deleted = all_pages(api, "/api/v2/deals", status="deleted")
    assert [(d["id"], d["is_deleted"], d["status"]) for d in deleted] == [(1, True, "deleted"), (5, True, "deleted")]
    both = all_pages(api, "/api/v2/deals", status="open,won,lost,deleted", limit=4)
    assert {d["id"] for d in both} == set(range(1, 13))
    open_only = all_pages(api, "/api/v2/deals", status="open")
    assert open_only and all(d["status"] == "open" for d in open_only)
    assert api.get("/api/v2/deals", params={"status": "archived"}).status_code == 400


def test_deleted_persons_disappear_from_the_list(api):
    api.post("/_emulator/changes/delete", json={"object": "persons", "indices": [3]})
    assert 4 not in {p["id"] for p in all_pages(api, "/api/v2/persons", limit=10)}


# -- API v1 lists ----------------------------------------------------------------------------

def test_leads_page_by_offset_over_live_leads(api):
    api.post("/_emulator/changes/delete", json={"object": "leads", "indices": [0, 5, 6]})
    expected = api.get("/_emulator/records/leads").json()["records"]
    found, start = [], 0
    while True:
        body = api.get("/v1/leads", params={"start": start, "limit": 4}).json()
        assert body["additional_data"]["start"] == start and body["additional_data"]["limit"] == 4
        found += body["data"]
        if not body["additional_data"]["more_items_in_collection"]:
            break
        start += len(body["data"])
    assert [lead["id"] for lead in found] == list(expected)
    lead = found[0]
    assert len(lead["id"]) == 36 and lead["update_time"].endswith("Z") and "." in lead["update_time"]
    assert {"title", "owner_id", "person_id", "organization_id", "value", "is_archived", "was_seen",
            "add_time", "source_name"} <= lead.keys()
    assert api.get("/api/v1/leads").json()["data"][0]["id"] == found[0]["id"]  # both v1 prefixes answer


def test_leads_archived_status_filter(api):
    archived = api.get("/v1/leads", params={"archived_status": "archived", "limit": 500}).json()["data"]
    kept = api.get("/v1/leads", params={"archived_status": "not_archived", "limit": 500}).json()["data"]
    assert all(lead["is_archived"] for lead in archived) and not any(lead["is_archived"] for lead in kept)
    assert len(archived) + len(kept) == 12


def test_users_list_keeps_deleted_users_flagged(api):
    api.post("/_emulator/changes/delete", json={"object": "users", "indices": [2]})
    users = api.get("/v1/users").json()["data"]
    assert [u["id"] for u in users] == [1, 2, 3, 4]
    assert [u["is_deleted"] for u in users] == [False, False, True, False]
    assert users[2]["active_flag"] is False
    assert len(users[0]["modified"]) == 19 and users[0]["modified"][10] == " "  # "YYYY-MM-DD HH:MM:SS"


# -- rate limits and faults ------------------------------------------------------------------

def test_every_api_answer_carries_rate_limit_headers(api):
    first = api.get("/api/v2/persons")
    second = api.get("/v1/leads")
    for answer in (first, second):
        assert answer.headers["x-ratelimit-limit"] == "480"
        assert answer.headers["x-ratelimit-reset"] in ("1", "2")
        assert int(answer.headers["x-daily-requests-left"]) > 0
    assert int(second.headers["x-ratelimit-remaining"]) == int(first.headers["x-ratelimit-remaining"]) - 1
    assert "x-ratelimit-limit" not in api.get("/_emulator/records/users").headers


def test_a_spent_window_answers_429_until_it_resets():
    clock = ManualClock()
    emulator = create_emulator({"persons": 3}, rate_limit=2, rate_window_seconds=2.0, clock=clock)
    token = emulator.oauth.mint()["access_token"]
    with TestClient(emulator.app, headers={"Authorization": f"Bearer {token}"}) as api:
        assert [api.get("/api/v2/persons").status_code for _ in range(2)] == [200, 200]
        clock.advance(0.5)
        refused = api.get("/api/v2/persons")
        assert refused.status_code == 429
        assert {"success": False, "error": "Rate limit exceeded", "errorCode": 429}.items() <= refused.json().items()
        assert refused.headers["retry-after"] == "2"  # 1.5 s left, in whole seconds as RFC 9110 wants
        assert refused.headers["x-ratelimit-remaining"] == "0"
        clock.advance(1.4)
        assert api.get("/api/v2/persons").status_code == 429
        clock.advance(0.1)
        assert api.get("/api/v2/persons").status_code == 200


def test_fault_injection_uses_pipedrive_bodies(api):
    api.post("/_emulator/faults", json={"rate_limit_every": 2, "retry_after_seconds": 1})
    answers = [api.get("/api/v2/persons") for _ in range(4)]
    limited = [a for a in answers if a.status_code == 429]
    assert len(limited) == 2
    assert limited[0].json()["error"] == "Rate limit exceeded" and limited[0].headers["retry-after"] == "1"
    assert "x-ratelimit-remaining" in limited[0].headers

    api.post("/_emulator/faults", json={"rate_limit_every": 0, "server_error_every": 1})
    failed = api.get("/v1/users")
    assert failed.status_code == 500 and failed.json()["success"] is False

    api.post("/_emulator/faults", json={"server_error_every": 0, "unauthorized": True})
    refused = api.get("/api/v2/deals")
    assert refused.status_code == 401 and UNAUTHORIZED.items() <= refused.json().items()
    # OAuth and control routes are never faulted
    assert api.get("/_emulator/records/deals").status_code == 200


def test_generated_data_is_deterministic_and_changes_show_new_content(api, emulator):
    before = api.get("/api/v2/persons", params={"limit": 1}).json()["data"][0]
    again = create_emulator({"persons": 23, "organizations": 7, "deals": 12, "leads": 12, "users": 4})
    assert again.dataset["persons"].record(0).number("first") == emulator.dataset["persons"].record(0).number("first")
    api.post("/_emulator/changes/update", json={"object": "persons", "indices": [0]})
    after = next(p for p in all_pages(api, "/api/v2/persons") if p["id"] == 1)
    assert after["update_time"] > before["update_time"]
    assert api.get("/_emulator/records/persons").json()["records"]["1"] == 1
