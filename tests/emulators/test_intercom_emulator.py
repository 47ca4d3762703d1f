"""The Intercom emulator, judged from outside by Intercom's reference: OAuth without refresh tokens, search
queries and their paging, day-granular contact timestamps, the companies scroll, admins, /me, data attributes,
error bodies and the one-minute rate window reported in X-RateLimit-* headers."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from glue_emulators import intercom
from glue_emulators.dataset import BASE_TIME
from glue_emulators.server import EmulatorServer

CLIENT_ID, CLIENT_SECRET = "intercom-client", "intercom-secret"
REDIRECT = "https://glue.test/oauth/callback"


@pytest.fixture
def served():
    emulator = intercom.create_emulator({"contacts": 60, "companies": 12, "conversations": 30, "admins": 3})
    emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    with EmulatorServer(emulator.app) as server, httpx.Client(base_url=server.url) as client:
        token = emulator.oauth.mint(CLIENT_ID)["access_token"]
        client.headers.update({"Authorization": f"Bearer {token}", "Intercom-Version": "2.11"})
        yield emulator, client


def error_codes(answer: httpx.Response) -> list[str]:
    body = answer.json()
    assert body["type"] == "error.list" and body["request_id"]
    return [e["code"] for e in body["errors"]]


def test_consent_then_token_gives_an_access_token_that_never_expires_and_no_refresh_token(served):
    emulator, client = served
    with httpx.Client(base_url=str(client.base_url)) as browser:
        page = browser.get("/oauth", params={"client_id": CLIENT_ID, "redirect_uri": REDIRECT, "state": "s1"})
        assert page.status_code == 200 and "Intercom" in page.text
        approved = browser.post("/oauth", params={"client_id": CLIENT_ID, "redirect_uri": REDIRECT, "state": "s1"},
                                data={"client_id": CLIENT_ID, "redirect_uri": REDIRECT, "state": "s1",
                                      "decision": "approve"})
        assert approved.status_code == 302
        query = parse_qs(urlsplit(approved.headers["location"]).query)
        assert query["state"] == ["s1"]
        form = {"code": query["code"][0], "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                "redirect_uri": REDIRECT}
        token = browser.post("/auth/eagle/token", data=form)
        assert token.status_code == 200
        body = token.json()
        assert set(body) == {"token_type", "token", "access_token"} and body["token"] == body["access_token"]
        again = browser.post("/auth/eagle/token", data=form)  # a code is single-use
        assert again.status_code == 400 and error_codes(again) == ["invalid_grant"]
        wrong = browser.post("/auth/eagle/token", data={**form, "client_secret": "nope"})
        assert wrong.status_code == 401
        me = browser.get("/me", headers={"Authorization": f"Bearer {body['access_token']}"})
        assert me.status_code == 200 and me.json()["type"] == "admin"


def test_a_missing_or_unknown_token_gets_intercoms_401(served):
    _, client = served
    for headers in ({"Authorization": ""}, {"Authorization": "Bearer not-a-token"}):
        answer = client.get("/admins", headers=headers)
        assert answer.status_code == 401 and error_codes(answer) == ["unauthorized"]


def test_an_unknown_api_version_is_refused(served):
    _, client = served
    answer = client.get("/admins", headers={"Intercom-Version": "3.99"})
    assert answer.status_code == 400 and error_codes(answer) == ["intercom_version_invalid"]


def test_contact_search_pages_by_the_body_cursor_with_intercoms_page_object(served):
    _, client = served
    query = {"field": "updated_at", "operator": ">", "value": 0}
    first = client.post("/contacts/search", json={"query": query, "pagination": {"per_page": 25}}).json()
    assert first["type"] == "list" and first["total_count"] == 60 and len(first["data"]) == 25
    assert first["pages"]["page"] == 1 and first["pages"]["total_pages"] == 3 and first["pages"]["next"]["page"] == 2
    seen = [c["id"] for c in first["data"]]
    cursor = first["pages"]["next"]["starting_after"]
    while cursor:
        page = client.post("/contacts/search", json={"query": query, "pagination": {"per_page": 25,
                                                                                     "starting_after": cursor}}).json()
        seen += [c["id"] for c in page["data"]]
        cursor = page["pages"].get("next", {}).get("starting_after")
    assert len(seen) == len(set(seen)) == 60
    updated = [c["updated_at"] for c in client.post("/contacts/search", json={"query": query, "pagination": {
        "per_page": 150}}).json()["data"]]
    assert updated == sorted(updated)


@pytest.mark.parametrize("pagination", [{"per_page": 151}, {"per_page": 0}, {"starting_after": "not-a-cursor"}])
def test_bad_pagination_is_a_400(served, pagination):
    _, client = served
    answer = client.post("/contacts/search", json={"query": {"field": "updated_at", "operator": ">", "value": 0},
                                                   "pagination": pagination})
    assert answer.status_code == 400 and error_codes(answer) == ["parameter_invalid"]


def test_contact_timestamps_compare_by_utc_day_conversation_ones_to_the_second(served):
    emulator, client = served
    emulator.dataset.respace(timedelta(hours=2))  # record i at BASE_TIME + 2i hours: 12 a day
    nine_am = int((BASE_TIME + timedelta(hours=9)).timestamp())

    def ids(path: str, key: str, operator: str) -> list[str]:
        body = {"query": {"field": "updated_at", "operator": operator, "value": nine_am},
                "pagination": {"per_page": 150}}
        return [r["id"] for r in client.post(path, json=body).json()[key]]

    contacts_after = ids("/contacts/search", "data", ">")
    assert len(contacts_after) == 60 - 12  # from the next day on: day one's twelve are left out
    assert len(ids("/contacts/search", "data", "=")) == 12  # the whole day
    assert len(ids("/contacts/search", "data", "<")) == 0  # before that day
    assert len(ids("/conversations/search", "conversations", ">")) == 30 - 5  # 00:00 .. 08:00 are not after 09:00


def test_search_filters_combine_with_and_or_and_the_usual_operators(served):
    _, client = served
    contact = client.post("/contacts/search", json={"query": {"field": "updated_at", "operator": ">",
                                                              "value": 0}}).json()["data"][4]
    by_email = {"operator": "AND", "value": [{"field": "email", "operator": "=", "value": contact["email"]},
                                             {"field": "role", "operator": "IN", "value": ["user", "lead"]}]}
    assert [c["id"] for c in client.post("/contacts/search", json={"query": by_email}).json()["data"]] == [contact["id"]]
    starts = {"field": "email", "operator": "^", "value": contact["email"][:4]}
    assert contact["id"] in {c["id"] for c in client.post("/contacts/search", json={"query": starts,
                                                                                   "pagination": {"per_page": 150}}).json()["data"]}
    bad = client.post("/contacts/search", json={"query": {"field": "email", "operator": ">=", "value": "a"}})
    assert bad.status_code == 400


def test_companies_scroll_to_an_empty_answer(served):
    emulator, client = served
    emulator.dataset.max_page_size = 5
    seen, param = [], None
    for _ in range(10):
        answer = client.get("/companies/scroll", params={"scroll_param": param} if param else None).json()
        assert answer["type"] == "list" and answer["pages"] is None and answer["scroll_param"]
        if not answer["data"]:
            break
        seen += [c["id"] for c in answer["data"]]
        param = answer["scroll_param"]
    assert len(seen) == len(set(seen)) == 12
    assert client.get("/companies/scroll", params={"scroll_param": "bogus"}).status_code == 404


def test_admins_me_and_custom_data_attributes(served):
    _, client = served
    admins = client.get("/admins").json()
    assert admins["type"] == "admin.list" and len(admins["admins"]) == 3
    me = client.get("/me").json()
    assert me["id"] == admins["admins"][0]["id"] and me["app"]["id_code"]
    attributes = client.get("/data_attributes", params={"model": "contact"}).json()["data"]
    custom = {a["name"] for a in attributes if a["custom"]}
    assert custom == {"plan", "seats"}
    contact = client.post("/contacts/search", json={"query": {"field": "updated_at", "operator": ">",
                                                              "value": 0}}).json()["data"][0]
    assert custom <= set(contact["custom_attributes"])
    assert client.get("/data_attributes", params={"model": "ticket"}).status_code == 400


def test_every_answer_reports_the_minute_window_and_a_spent_one_answers_429():
    now = [1_800_000_010.0]
    emulator = intercom.create_emulator({"admins": 1}, per_minute=2, clock=lambda: now[0])
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server, httpx.Client(base_url=server.url) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        first = client.get("/admins")
        assert (first.headers["x-ratelimit-limit"], first.headers["x-ratelimit-remaining"]) == ("2", "1")
        assert first.headers["x-ratelimit-reset"] == "1800000060"
        client.get("/admins")
        spent = client.get("/admins")
        assert spent.status_code == 429 and error_codes(spent) == ["rate_limit_exceeded"]
        assert spent.headers["x-ratelimit-remaining"] == "0" and spent.headers["x-ratelimit-reset"] == "1800000060"
        assert "retry-after" not in spent.headers  # Intercom says when in X-RateLimit-Reset
        now[0] = 1_800_000_060.0
        assert client.get("/admins").status_code == 200


def test_unknown_routes_answer_in_intercoms_error_body(served):
    _, client = served
    answer = client.get("/tickets/nope")
    assert answer.status_code == 404 and error_codes(answer) == ["not_found"]
    assert re.fullmatch(r"[0-9a-f]{24}", intercom.render.remote_id("contacts", 5))
