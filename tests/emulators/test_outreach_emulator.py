"""The Outreach emulator answers as Outreach's API v2 reference says (https://developers.outreach.io/api/):
OAuth code and refresh grants, JSON:API lists paged through ``links.next`` (``page[size]`` up to 1,000),
inclusive ``filter[updatedAt]`` ranges, JSON:API error bodies, and 10,000 requests per user an hour
reported in ``x-ratelimit-*`` headers."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from glue_emulators.outreach import create_emulator
from glue_emulators.server import EmulatorServer
from tests.emulators.oauth_fixtures import served_with_client, token_holder

CLIENT_ID, CLIENT_SECRET = "or-client", "or-secret"
REDIRECT_URI = "https://app.example.com/callback"


@pytest.fixture
def emulator():
    return create_emulator({"prospects": 23, "accounts": 7, "users": 4, "sequences": 3, "sequenceStates": 9,
                            "mailboxes": 4, "sequenceSteps": 5})


@pytest.fixture
def server(emulator):
    with served_with_client(emulator, CLIENT_ID, CLIENT_SECRET) as running:
        yield running


@pytest.fixture
def api(emulator, server):
    with token_holder(emulator, server) as client:
        yield client


def every_page(api, path: str, **params) -> list[dict]:
    found, body = [], api.get(path, params=params).json()
    while True:
        found += body["data"]
        if "next" not in body["links"]:
            return found
        body = api.get(body["links"]["next"]).json()


def authorize(server) -> str:
    params = {"client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI, "response_type": "code",
              "scope": "prospects.read users.read", "state": "s-1"}
    page = httpx.get(server.url + "/oauth/authorize", params=params)
    assert page.status_code == 200 and "Outreach" in page.text and "prospects.read" in page.text
    approved = httpx.post(server.url + "/oauth/authorize", data={**params, "decision": "approve"})
    assert approved.status_code == 302
    query = parse_qs(urlparse(approved.headers["location"]).query)
    assert query["state"] == ["s-1"]
    return query["code"][0]


def test_a_code_is_exchanged_once_for_tokens_that_refresh(server):
    code = authorize(server)
    form = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uri": REDIRECT_URI,
            "grant_type": "authorization_code", "code": code}
    issued = httpx.post(server.url + "/oauth/token", data=form)
    assert issued.status_code == 200
    tokens = issued.json()
    assert tokens["token_type"] == "bearer" and tokens["expires_in"] == 7200 and tokens["scope"] == "prospects.read users.read"
    assert isinstance(tokens["created_at"], int)
    again = httpx.post(server.url + "/oauth/token", data=form)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    refreshed = httpx.post(server.url + "/oauth/token", data={
        "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "grant_type": "refresh_token",
        "refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200 and refreshed.json()["access_token"] != tokens["access_token"]
    root = httpx.get(server.url + "/api/v2", headers={"Authorization": f"Bearer {refreshed.json()['access_token']}"})
    assert root.status_code == 200 and root.json()["meta"]["user"]["id"] == 1


def test_a_wrong_client_secret_or_refresh_token_is_refused_in_oauth_words(server):
    wrong = httpx.post(server.url + "/oauth/token", data={"client_id": CLIENT_ID, "client_secret": "nope",
                                                          "grant_type": "refresh_token", "refresh_token": "x"})
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    dead = httpx.post(server.url + "/oauth/token", json={"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                                                         "grant_type": "refresh_token", "refresh_token": "x"})
    assert dead.status_code == 400 and dead.json()["error"] == "invalid_grant"


def test_lists_are_json_api_resource_objects_paged_through_links_next(api):
    first = api.get("/api/v2/prospects", params={"page[size]": 10})
    assert first.status_code == 200 and first.headers["content-type"].startswith("application/vnd.api+json")
    body = first.json()
    assert len(body["data"]) == 10 and "next" in body["links"] and "first" in body["links"]
    prospect = body["data"][0]
    assert prospect["type"] == "prospect" and prospect["id"] == 1
    assert {"firstName", "lastName", "emails", "createdAt", "updatedAt", "custom1", "custom150"} <= set(
        prospect["attributes"])
    assert prospect["relationships"]["account"]["data"]["type"] == "account"
    every = every_page(api, "/api/v2/prospects", **{"page[size]": 10})
    assert [p["id"] for p in every] == list(range(1, 24))


def test_page_size_defaults_to_50_and_may_not_pass_1000(api, emulator):
    emulator.dataset["prospects"].create(60)
    assert len(api.get("/api/v2/prospects").json()["data"]) == 50
    assert len(api.get("/api/v2/prospects", params={"page[size]": 1000}).json()["data"]) == 83
    refused = api.get("/api/v2/prospects", params={"page[size]": 1001})
    assert refused.status_code == 400 and refused.json()["errors"][0]["id"] == "invalidPageSize"


def test_updated_at_ranges_are_inclusive_at_both_ends(api, emulator):
    store = emulator.dataset["prospects"]
    at = [p["attributes"]["updatedAt"] for p in every_page(api, "/api/v2/prospects", sort="updatedAt")]
    since, until = at[5], at[9]
    window = every_page(api, "/api/v2/prospects", sort="updatedAt", **{"filter[updatedAt]": f"{since}..{until}"})
    assert [p["attributes"]["updatedAt"] for p in window] == at[5:10]
    open_ended = every_page(api, "/api/v2/prospects", sort="updatedAt", **{"page[size]": 4,
                                                                           "filter[updatedAt]": f"{since}..inf"})
    assert [p["id"] for p in open_ended] == list(range(6, 24))
    store.update([2])  # now the newest
    changed = every_page(api, "/api/v2/prospects", sort="updatedAt", **{"filter[updatedAt]": f"{at[-1]}..inf"})
    assert [p["id"] for p in changed] == [23, 3]
    assert api.get("/api/v2/prospects", params={"filter[updatedAt]": "neginf.." + at[0]}).json()["data"][0]["id"] == 1


def test_bad_filters_sorts_and_cursors_answer_json_api_errors(api):
    for params, error_id in (({"filter[updatedAt]": "yesterday"}, "invalidFilter"),
                             ({"filter[updatedAt]": "2024-01-01T00:00:00..inf"}, "invalidFilter"),
                             ({"filter[name]": "x"}, "invalidFilter"), ({"sort": "-updatedAt"}, "invalidSort"),
                             ({"page[after]": "garbage"}, "invalidCursor")):
        answer = api.get("/api/v2/prospects", params=params)
        assert answer.status_code == 400, params
        assert answer.json()["errors"][0]["id"] == error_id


def test_deleted_records_leave_the_lists_and_reads(api, emulator):
    emulator.dataset["accounts"].delete([1])
    assert 2 not in [a["id"] for a in every_page(api, "/api/v2/accounts")]
    assert api.get("/api/v2/accounts/2").status_code == 404
    assert api.get("/api/v2/accounts/3").json()["data"]["type"] == "account"


def test_requests_without_a_live_token_are_refused(server, emulator):
    answer = httpx.get(server.url + "/api/v2/users", headers={"Authorization": "Bearer nope"})
    assert answer.status_code == 401 and answer.json()["errors"][0]["id"] == "unauthorizedOauthToken"
    assert httpx.get(server.url + "/api/v2/nothing", headers={"Authorization": "Bearer x"}).json()["errors"]


def test_each_user_has_an_hour_of_requests_reported_in_headers_then_429():
    now = [1_800_000_000.0]
    emulator = create_emulator({"users": 3}, hourly_limit=2, clock=lambda: now[0])
    token = emulator.oauth.mint()["access_token"]
    other_token_same_user = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server:
        def get(token_used):
            return httpx.get(server.url + "/api/v2/users", headers={"Authorization": f"Bearer {token_used}"})

        first = get(token)
        assert first.headers["x-ratelimit-limit"] == "2" and first.headers["x-ratelimit-remaining"] == "1"
        assert first.headers["x-ratelimit-reset"] == str(1_800_003_600)
        assert get(other_token_same_user).headers["x-ratelimit-remaining"] == "0"  # the allowance is the user's
        refused = get(token)
        assert refused.status_code == 429 and refused.headers["retry-after"] == "3600"
        assert refused.json()["errors"][0]["id"] == "rateLimitExceeded"
        now[0] += 3600
        assert get(token).status_code == 200
