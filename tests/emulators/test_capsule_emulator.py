"""Capsule's emulator as Capsule's API v2 reference describes it: page/perPage with a Link rel="next"
header, since (ISO 8601) on updatedAt, deleted parties and opportunities since a time, embed=fields,
users/current, custom field definitions, {"message"} errors, the OAuth server (authorise consent, token
with the client in the form, refresh) and the hour in X-RateLimit-* headers."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from starlette.testclient import TestClient

from glue_emulators import capsule
from glue_emulators.dataset import BASE_TIME

CLIENT = ("capsule-client", "capsule-secret")


def api(counts: dict[str, int], **options) -> tuple[object, TestClient]:
    emulator = capsule.create_emulator(counts, **options)
    token = emulator.oauth.mint()["access_token"]
    return emulator, TestClient(emulator.app, headers={"Authorization": f"Bearer {token}"})


def read_all(client: TestClient, path: str, key: str, params: dict | None = None) -> list[dict]:
    found, page = [], 1
    while True:
        answer = client.get(path, params={**(params or {}), "page": page})
        assert answer.status_code == 200, answer.text
        found += answer.json()[key]
        following = answer.links.get("next")
        if following is None:
            return found
        page = int(parse_qs(urlparse(following["url"]).query)["page"][0])


def test_lists_page_by_the_link_header_to_the_end():
    _, client = api({"parties": 230})
    first = client.get("/api/v2/parties")
    assert len(first.json()["parties"]) == 50 and 'rel="next"' in first.headers["link"]
    parties = read_all(client, "/api/v2/parties", "parties", {"perPage": 100})
    assert len({p["id"] for p in parties}) == 230
    last = client.get("/api/v2/parties", params={"perPage": 100, "page": 3})
    assert len(last.json()["parties"]) == 30 and "link" not in last.headers
    assert {p["type"] for p in parties} == {"person", "organisation"}
    organisations = {p["id"] for p in parties if p["type"] == "organisation"}
    assert all(p["organisation"]["id"] in organisations for p in parties if p["type"] == "person")


def test_since_keeps_records_updated_at_or_after_it_and_deleted_ones_are_listed_apart():
    emulator, client = api({"parties": 40})
    emulator.dataset.respace(timedelta(minutes=1))
    since = (BASE_TIME + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    recent = read_all(client, "/api/v2/parties", "parties", {"since": since})
    assert [p["id"] for p in recent] == [int(capsule.remote_id("parties", i)) for i in range(30, 40)]
    gone = client.post("/_emulator/changes/delete", json={"object": "parties", "indices": [3]}).json()["ids"]
    deleted = client.get("/api/v2/parties/deleted", params={"since": since}).json()["parties"]
    assert [str(d["id"]) for d in deleted] == gone and deleted[0]["deletedAt"].endswith("Z")
    assert int(gone[0]) not in {p["id"] for p in read_all(client, "/api/v2/parties", "parties")}
    assert client.get("/api/v2/parties/deleted").status_code == 400  # since is required
    assert client.get("/api/v2/parties", params={"since": "last week"}).json()["message"].startswith("since")


def test_records_users_milestones_and_custom_fields():
    _, client = api({"opportunities": 30, "users": 3})
    opportunities = client.get("/api/v2/opportunities", params={"embed": "fields"}).json()["opportunities"]
    definitions = client.get("/api/v2/opportunities/fields/definitions").json()["definitions"]
    assert {f["definition"]["id"] for o in opportunities for f in o["fields"]} <= {d["id"] for d in definitions}
    lost = [o for o in opportunities if o["lostReason"]]
    assert lost and all(o["closedOn"] and o["probability"] == 0 for o in lost)
    assert any(o["closedOn"] is None for o in opportunities)
    assert client.get("/api/v2/users/current").json()["user"]["role"] == "ADMIN"
    assert len(client.get("/api/v2/users").json()["users"]) == 3
    assert {m["name"] for m in client.get("/api/v2/milestones").json()["milestones"]} >= {"Won", "Lost"}
    assert client.get("/api/v2/parties", params={"perPage": 101}).status_code == 400
    missing = client.get("/api/v2/parties/1")
    assert missing.status_code == 404 and missing.json()["message"] == "could not find resource"
    assert TestClient(client.app).get("/api/v2/parties").status_code == 401


def test_the_hour_is_reported_and_a_spent_hour_refused():
    now = [3600.0 * 5 + 100]
    _, client = api({"users": 1}, hourly_limit=2, clock=lambda: now[0])
    first = client.get("/api/v2/users")
    assert first.headers["X-RateLimit-Limit"] == "2" and first.headers["X-RateLimit-Remaining"] == "1"
    assert int(first.headers["X-RateLimit-Reset"]) > 1_700_000_000  # a UTC epoch second
    client.get("/api/v2/users")
    refused = client.get("/api/v2/users")
    assert refused.status_code == 429 and refused.headers["retry-after"] == "3500"
    default, _ = api({})
    assert default.windows.windows[0].limit == 4000


def test_oauth_authorise_code_and_refresh_with_the_client_in_the_form():
    emulator = capsule.create_emulator({})
    emulator.oauth.register_client(*CLIENT)
    client = TestClient(emulator.app, follow_redirects=False)
    params = {"client_id": CLIENT[0], "redirect_uri": "https://app.test/cb", "response_type": "code",
              "scope": "read", "state": "s1"}
    assert "Grant access" in client.get("/oauth/authorise", params=params).text
    approved = client.post("/oauth/authorise", data={**params, "decision": "approve"})
    code = parse_qs(urlparse(approved.headers["location"]).query)["code"][0]
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": "https://app.test/cb"}
    assert client.post("/oauth/token", data=form).json()["error"] == "invalid_client"
    tokens = client.post("/oauth/token", data={**form, "client_id": CLIENT[0], "client_secret": CLIENT[1]}).json()
    assert tokens["expires_in"] == 604_799
    refreshed = client.post("/oauth/token", data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"],
                                                  "client_id": CLIENT[0], "client_secret": CLIENT[1]}).json()
    bearer = {"Authorization": f"Bearer {refreshed['access_token']}"}
    assert client.get("/api/v2/users/current", headers=bearer).status_code == 200
    assert client.post("/oauth/revoke", data={"token": "x"}).status_code == 404  # Capsule documents none
