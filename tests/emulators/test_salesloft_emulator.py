"""The Salesloft emulator answers as Salesloft's API reference says: OAuth code and refresh grants, v2 lists
with page/per_page and metadata.paging, updated_at filters and sorting, reads by id, /v2/me, custom fields,
and the team's cost per minute with deep pages costing more."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from glue_emulators.salesloft import create_emulator
from glue_emulators.server import EmulatorServer
from tests.emulators.manual_clock import ManualClock
from tests.emulators.oauth_fixtures import served_with_client, token_holder

CLIENT_ID, CLIENT_SECRET = "sl-client", "sl-secret"
REDIRECT_URI = "https://app.example.com/callback"


@pytest.fixture
def clock():
    return ManualClock(start=6_000.0)  # on a minute's start


@pytest.fixture
def emulator(clock):
    return create_emulator({"people": 260, "accounts": 30, "users": 4, "cadences": 3, "cadence_memberships": 5},
                           clock=clock)


@pytest.fixture
def server(emulator):
    with served_with_client(emulator, CLIENT_ID, CLIENT_SECRET) as running:
        yield running


@pytest.fixture
def api(emulator, server):
    with token_holder(emulator, server) as client:
        yield client


def authorize(server) -> str:
    params = {"client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI, "response_type": "code", "state": "s-1"}
    page = httpx.get(server.url + "/oauth/authorize", params=params)
    assert page.status_code == 200 and "Salesloft" in page.text
    approved = httpx.post(server.url + "/oauth/authorize", data={**params, "decision": "approve"})
    assert approved.status_code == 302
    query = parse_qs(urlparse(approved.headers["location"]).query)
    assert query["state"] == ["s-1"]
    return query["code"][0]


def test_the_code_grant_and_refresh_give_tokens_that_read_the_api(server):
    code = authorize(server)
    form = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uri": REDIRECT_URI}
    issued = httpx.post(server.url + "/oauth/token", data={**form, "grant_type": "authorization_code", "code": code})
    assert issued.status_code == 200
    tokens = issued.json()
    assert tokens["token_type"] == "bearer" and tokens["expires_in"] == 7200 and tokens["refresh_token"]
    again = httpx.post(server.url + "/oauth/token", data={**form, "grant_type": "authorization_code", "code": code})
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"  # a code is used once
    refresh = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "grant_type": "refresh_token",
               "refresh_token": tokens["refresh_token"]}
    refreshed = httpx.post(server.url + "/oauth/token", data=refresh).json()
    assert refreshed["refresh_token"] != tokens["refresh_token"] and refreshed["access_token"] != tokens["access_token"]
    reused = httpx.post(server.url + "/oauth/token", data=refresh)  # a refresh token is used once
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    me = httpx.get(server.url + "/v2/me.json", headers={"Authorization": f"Bearer {refreshed['access_token']}"})
    assert me.status_code == 200 and isinstance(me.json()["data"]["id"], int)
    wrong = httpx.post(server.url + "/oauth/token", data={
        **form, "client_secret": "nope", "grant_type": "refresh_token", "refresh_token": refreshed["refresh_token"]})
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"


def test_a_request_without_a_good_token_is_refused_in_salesloft_words(server):
    answer = httpx.get(server.url + "/v2/people", headers={"Authorization": "Bearer nope"})
    assert answer.status_code == 401 and answer.json()["status"] == 401 and answer.json()["error"]


def test_lists_page_by_page_and_per_page_with_metadata_paging(api):
    first = api.get("/v2/people", params={"per_page": 100, "include_paging_counts": "true"}).json()
    assert len(first["data"]) == 100
    assert first["metadata"]["paging"] == {"per_page": 100, "current_page": 1, "next_page": 2, "prev_page": None,
                                           "total_pages": 3, "total_count": 260}
    assert first["metadata"]["sorting"] == {"sort_by": "updated_at", "sort_direction": "DESC"}  # the default
    last = api.get("/v2/people.json", params={"per_page": 100, "page": 3}).json()
    assert len(last["data"]) == 60 and last["metadata"]["paging"]["next_page"] is None
    assert "total_count" not in last["metadata"]["paging"]  # only when asked for
    assert api.get("/v2/people", params={"per_page": 101}).status_code == 422
    default = api.get("/v2/people").json()
    assert len(default["data"]) == 25


def test_updated_at_filters_and_ascending_order(api):
    every = api.get("/v2/accounts", params={"per_page": 100, "sort_by": "updated_at",
                                            "sort_direction": "ASC"}).json()["data"]
    times = [record["updated_at"] for record in every]
    assert times == sorted(times) and len(every) == 30
    pivot = times[10]
    after = api.get("/v2/accounts", params={"per_page": 100, "sort_direction": "ASC",
                                            "updated_at[gt]": pivot}).json()["data"]
    from_pivot = api.get("/v2/accounts", params={"per_page": 100, "sort_direction": "ASC",
                                                 "updated_at[gte]": pivot}).json()
    assert [r["id"] for r in after] == [r["id"] for r in every[11:]]
    assert [r["id"] for r in from_pivot["data"]] == [r["id"] for r in every[10:]]
    assert from_pivot["metadata"]["filtering"] == {"updated_at[gte]": pivot}
    window = api.get("/v2/accounts", params={"updated_at[gte]": pivot, "updated_at[lt]": times[15],
                                             "sort_direction": "ASC"}).json()["data"]
    assert [r["id"] for r in window] == [r["id"] for r in every[10:15]]
    assert api.get("/v2/accounts", params={"updated_at[gt]": "yesterday"}).status_code == 422


def test_records_link_others_and_read_by_id(api):
    person = api.get("/v2/people", params={"per_page": 1}).json()["data"][0]
    assert set(person["owner"]) == {"_href", "id"} and set(person["account"]) == {"_href", "id"}
    assert isinstance(person["custom_fields"], dict)
    assert api.get(f"/v2/people/{person['id']}").json()["data"] == person
    assert api.get("/v2/people/1").status_code == 404
    membership = api.get("/v2/cadence_memberships").json()["data"][0]
    assert {"cadence", "person", "user", "current_state", "currently_on_cadence"} <= set(membership)


def test_custom_fields_are_listed_by_field_type(api):
    person_fields = api.get("/v2/custom_fields", params={"field_type": "person"}).json()["data"]
    company_fields = api.get("/v2/custom_fields", params={"field_type": "company"}).json()["data"]
    assert {f["field_type"] for f in person_fields} == {"person"} and len(person_fields) == 2
    assert [f["name"] for f in company_fields] == ["Customer Segment"]
    person = api.get("/v2/people").json()["data"][0]
    assert set(person["custom_fields"]) == {f["name"] for f in person_fields}


def test_the_teams_minute_charges_deep_pages_more_and_refuses_what_it_cannot_pay(api, emulator, clock):
    answer = api.get("/v2/people", params={"page": 1})
    assert answer.headers["x-ratelimit-endpoint-cost"] == "1"
    assert answer.headers["x-ratelimit-remaining-minute"] == "599"
    costs = {page: int(api.get("/v2/people", params={"page": page}).headers["x-ratelimit-endpoint-cost"])
             for page in (100, 101, 150, 151, 250, 251, 500, 501)}
    assert costs == {100: 1, 101: 3, 150: 3, 151: 8, 250: 8, 251: 10, 500: 10, 501: 30}
    remaining = 599 - sum(costs.values())
    while remaining >= 30:
        remaining = int(api.get("/v2/people", params={"page": 501}).headers["x-ratelimit-remaining-minute"])
    refused = api.get("/v2/people", params={"page": 501})
    assert refused.status_code == 429 and refused.json()["status"] == 429
    assert refused.headers["x-ratelimit-remaining-minute"] == str(remaining)  # a refusal costs nothing
    assert api.get("/v2/people", params={"page": 1}).status_code == (200 if remaining >= 1 else 429)
    clock.advance(60)  # the next minute
    assert api.get("/v2/people", params={"page": 501}).headers["x-ratelimit-remaining-minute"] == "570"
    assert emulator.budget.report()["refused"] >= 1


def test_a_shorter_minute_opens_sooner(clock):
    emulator = create_emulator({"people": 3}, cost_per_minute=2, window_seconds=1, clock=clock)
    with EmulatorServer(emulator.app) as server:
        headers = {"Authorization": f"Bearer {emulator.oauth.mint()['access_token']}"}
        statuses = [httpx.get(server.url + "/v2/people", headers=headers).status_code for _ in range(3)]
        clock.advance(1)
        assert statuses == [200, 200, 429]
        assert httpx.get(server.url + "/v2/people", headers=headers).status_code == 200
