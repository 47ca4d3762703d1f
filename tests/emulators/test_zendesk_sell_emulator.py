"""Zendesk Sell's emulator as Sell's Core API v2 reference describes it: the {items: [{data, meta}]}
envelope, page/per_page paging with meta.links.next_page, sort_by with :desc, is_organization, 422
invalid_param errors, the OAuth server (consent, token with HTTP Basic client auth, refresh, revoke),
and the hourly window in x-ratelimit-* headers."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlparse

from starlette.testclient import TestClient

from glue_emulators import zendesk_sell

CLIENT = ("sell-client", "sell-secret")


def api(counts: dict[str, int], **options) -> tuple[object, TestClient]:
    emulator = zendesk_sell.create_emulator(counts, **options)
    token = emulator.oauth.mint()["access_token"]
    return emulator, TestClient(emulator.app, headers={"Authorization": f"Bearer {token}"})


def read_all(client: TestClient, path: str, params: dict) -> list[dict]:
    found, page = [], 1
    while True:
        body = client.get(path, params={**params, "page": page}).json()
        found += [item["data"] for item in body["items"]]
        if "next_page" not in body["meta"]["links"]:
            return found
        page = int(parse_qs(urlparse(body["meta"]["links"]["next_page"]).query)["page"][0])


def test_lists_page_to_the_end_and_sort_by_updated_at_descending():
    emulator, client = api({"contacts": 230})
    first = client.get("/v2/contacts", params={"per_page": 100})
    body = first.json()
    assert first.status_code == 200 and body["meta"]["type"] == "collection" and body["meta"]["count"] == 100
    assert body["items"][0]["meta"]["type"] == "contact" and "next_page" in body["meta"]["links"]
    ids = [c["id"] for c in read_all(client, "/v2/contacts", {"per_page": 100})]
    assert len(set(ids)) == 230 and ids == sorted(ids)
    changed = client.post("/_emulator/changes/update", json={"object": "contacts", "indices": [7]}).json()["ids"]
    newest = read_all(client, "/v2/contacts", {"per_page": 100, "sort_by": "updated_at:desc"})
    assert str(newest[0]["id"]) == changed[0]
    assert [c["updated_at"] for c in newest] == sorted((c["updated_at"] for c in newest), reverse=True)


def test_people_and_organisations_share_one_list():
    _, client = api({"contacts": 40})
    organisations = read_all(client, "/v2/contacts", {"is_organization": "true", "per_page": 100})
    people = read_all(client, "/v2/contacts", {"is_organization": "false", "per_page": 100})
    assert len(organisations) == 10 and len(people) == 30
    assert all(o["is_organization"] and o["first_name"] is None for o in organisations)
    organisation_ids = {o["id"] for o in organisations}
    assert all(not p["is_organization"] and p["contact_id"] in organisation_ids for p in people)


def test_bad_parameters_answer_422_invalid_param_in_sells_error_body():
    _, client = api({"contacts": 3})
    for params in ({"per_page": 101}, {"page": 0}, {"sort_by": "colour"}, {"sort_by": "id:sideways"}):
        answer = client.get("/v2/contacts", params=params)
        assert answer.status_code == 422
        [error] = answer.json()["errors"]
        assert error["error"]["code"] == "invalid_param" and error["meta"]["type"] == "error"
    missing = client.get("/v2/contacts/1")
    assert missing.status_code == 404 and missing.json()["errors"][0]["error"]["code"] == "not_found"
    unauthenticated = TestClient(client.app).get("/v2/contacts")
    assert unauthenticated.status_code == 401
    assert unauthenticated.json()["meta"]["http_status"] == "401 Unauthorized"


def test_the_authorizing_user_stages_and_custom_fields():
    _, client = api({"users": 4})
    me = client.get("/v2/users/self").json()
    assert me["meta"]["type"] == "user" and me["data"]["role"] == "admin"
    stages = [item["data"] for item in client.get("/v2/stages").json()["items"]]
    assert {s["category"] for s in stages} >= {"incoming", "in_progress", "won", "lost"}
    fields = [item["data"]["name"] for item in client.get("/v2/contact/custom_fields").json()["items"]]
    contact = client.get("/v2/contacts").json()["items"][0]["data"]
    assert set(fields) == set(contact["custom_fields"])  # values keyed by the field's name


def test_an_hour_of_36000_requests_is_reported_and_a_spent_hour_refused():
    now = [7200.0 + 600]
    _, client = api({"users": 1}, hourly_limit=2, clock=lambda: now[0])
    first = client.get("/v2/users")
    assert first.headers["x-ratelimit-limit"] == "2" and first.headers["x-ratelimit-remaining"] == "1"
    assert first.headers["x-ratelimit-reset"] == "3000"
    client.get("/v2/users")
    refused = client.get("/v2/users")
    assert refused.status_code == 429 and refused.headers["retry-after"] == "3000"
    assert refused.json()["errors"][0]["error"]["code"] == "rate_limit_exceeded"
    now[0] += 3000
    assert client.get("/v2/users").status_code == 200
    default, _ = api({})
    assert [(w.seconds, w.limit) for w in default.windows.windows] == [(1, 10), (3600, 36_000)]


def test_more_than_ten_requests_in_a_second_are_refused():
    now = [50.2]
    _, client = api({"users": 1}, clock=lambda: now[0])
    assert {client.get("/v2/users").status_code for _ in range(10)} == {200}
    refused = client.get("/v2/users")
    assert refused.status_code == 429 and refused.headers["retry-after"] == "1"
    now[0] = 51.0
    assert client.get("/v2/users").status_code == 200


def test_oauth_consent_code_refresh_and_revoke_with_basic_client_auth():
    emulator = zendesk_sell.create_emulator({})
    emulator.oauth.register_client(*CLIENT)
    client = TestClient(emulator.app, follow_redirects=False)
    basic = {"Authorization": "Basic " + base64.b64encode(":".join(CLIENT).encode()).decode()}
    params = {"client_id": CLIENT[0], "redirect_uri": "https://app.test/cb", "response_type": "code",
              "scope": "read profile", "state": "s1"}
    assert "Grant access" in client.get("/oauth2/authorize", params=params).text
    approved = client.post("/oauth2/authorize", data={**params, "decision": "approve"})
    code = parse_qs(urlparse(approved.headers["location"]).query)["code"][0]
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": "https://app.test/cb"}
    assert client.post("/oauth2/token", data=form).status_code == 401  # the client must say who it is
    tokens = client.post("/oauth2/token", data=form, headers=basic).json()
    assert tokens["token_type"] == "bearer" and tokens["expires_in"] == 7200
    again = client.post("/oauth2/token", data=form, headers=basic)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"  # a code is single-use
    refreshed = client.post("/oauth2/token", data={"grant_type": "refresh_token",
                                                   "refresh_token": tokens["refresh_token"]}, headers=basic)
    bearer = {"Authorization": f"Bearer {refreshed.json()['access_token']}"}
    assert client.get("/v2/users/self", headers=bearer).status_code == 200
    assert client.post("/oauth2/revoke", data={"token": tokens["refresh_token"]}, headers=basic).status_code == 200
    assert client.post("/oauth2/token", data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
                       headers=basic).json()["error"] == "invalid_grant"
