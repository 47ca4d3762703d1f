"""Emulator profiles: Apollo's and Gong's emulators are declared, and a new simple provider is one
profile away. Rate windows run on a clock the tests move by hand."""

from __future__ import annotations

import base64

import pytest
from starlette.testclient import TestClient

from glue_emulators import apollo, gong
from glue_emulators.profile import Credentials, CursorPages, Errors, Fixed, Listing, Profile, RateWindow, build
from tests.emulators.manual_clock import ManualClock

GONG_AUTH = {"Authorization": "Basic " + base64.b64encode(b"key:secret").decode()}


def test_apollo_reports_its_three_windows_and_refuses_a_spent_minute():
    clock = ManualClock(start=120.0)  # the start of a minute
    emulator = apollo.create_emulator(["key"], per_minute=2, per_hour=10, per_day=100, clock=clock)
    with TestClient(emulator.app, headers={"x-api-key": "key"}) as client:
        first = client.get("/api/v1/auth/health")
        assert first.status_code == 200
        assert {name: first.headers[name] for name in (
            "x-rate-limit-minute", "x-minute-usage", "x-minute-requests-left", "x-rate-limit-hourly",
            "x-hourly-usage", "x-hourly-requests-left", "x-rate-limit-daily", "x-daily-usage",
            "x-daily-requests-left")} == {
            "x-rate-limit-minute": "2", "x-minute-usage": "1", "x-minute-requests-left": "1",
            "x-rate-limit-hourly": "10", "x-hourly-usage": "1", "x-hourly-requests-left": "9",
            "x-rate-limit-daily": "100", "x-daily-usage": "1", "x-daily-requests-left": "99"}
        assert client.get("/v1/auth/health").headers["x-minute-requests-left"] == "0"
        clock.advance(20.5)
        refused = client.get("/api/v1/auth/health")
        assert refused.status_code == 429 and refused.json()["error_code"] == "RATE_LIMITED"
        assert refused.headers["retry-after"] == "40"  # 39.5 s to the next minute, in whole seconds
        assert refused.headers["x-hourly-usage"] == "2"  # a refused request is not counted
        clock.advance(39.5)
        again = client.get("/api/v1/auth/health")
        assert again.status_code == 200 and again.headers["x-minute-usage"] == "1"
        assert again.headers["x-hourly-usage"] == "3"


def test_apollo_windows_are_per_key():
    emulator = apollo.create_emulator(["one", "two"], per_minute=1, clock=ManualClock())
    with TestClient(emulator.app) as client:
        assert client.get("/api/v1/auth/health", headers={"x-api-key": "one"}).status_code == 200
        assert client.get("/api/v1/auth/health", headers={"x-api-key": "one"}).status_code == 429
        assert client.get("/api/v1/auth/health", headers={"x-api-key": "two"}).status_code == 200


def test_gong_reads_a_user_by_id_and_answers_404_in_its_body():
    with TestClient(gong.create_emulator({"users": 3}, credentials=[("key", "secret")]).app,
                    headers=GONG_AUTH) as client:
        listed = client.get("/v2/users").json()
        assert "cursor" not in listed["records"] and listed["records"]["totalRecords"] == 3
        one = client.get(f"/v2/users/{listed['users'][1]['id']}").json()
        assert one["user"] == listed["users"][1] and one["requestId"]
        missing = client.get("/v2/users/1")
        assert missing.status_code == 404 and missing.json()["errors"] and missing.json()["requestId"]


def test_gong_allows_three_calls_a_second_and_sends_no_rate_headers():
    clock = ManualClock()
    with TestClient(gong.create_emulator([("key", "secret")], clock=clock).app, headers=GONG_AUTH) as client:
        answers = [client.get("/v2/users") for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert not any(name.startswith("x-rate") for name in answers[0].headers)
        assert answers[3].headers["retry-after"] == "1" and answers[3].json()["errors"] == ["Too many requests"]
        clock.advance(1)
        assert client.get("/v2/users").status_code == 200


# -- a provider that exists only as a profile ------------------------------------------------

WIDGETS = [{"id": n, "name": f"widget {n}"} for n in range(1, 8)]


@pytest.fixture
def widgets():
    profile = Profile(
        name="widgets",
        credentials=Credentials(read=lambda headers: headers.get("x-token"),
                                from_control_body=lambda body: str(body["token"]), control_path="tokens"),
        errors=Errors(body=lambda status, message: {"ok": False, "status": status, "reason": message},
                      unauthorized="who are you?", not_found="nothing here", method_not_allowed="no {method} here",
                      rate_limited="slow down", server_error="oops"),
        resources=(
            Fixed("/ping", lambda: {"pong": True}),
            Listing("/widgets", lambda: WIDGETS, CursorPages(size=3, param="next"),
                    envelope=lambda page: {"items": page.records, "next": page.next_cursor},
                    item=lambda widget: {"item": widget}),
        ),
        rate_windows=(RateWindow(10, 100, ("x-limit", "x-used", "x-left")),),
    )
    emulator = build(profile, ["t0"], clock=ManualClock())
    with TestClient(emulator.app) as client:
        yield emulator, client


def test_a_profile_is_a_whole_emulator(widgets):
    emulator, client = widgets
    assert client.get("/ping").json() == {"ok": False, "status": 401, "reason": "who are you?"}
    auth = {"x-token": "t0"}
    assert client.get("/ping", headers=auth).json() == {"pong": True}
    seen, cursor = [], None
    while True:
        page = client.get("/widgets", params={"next": cursor} if cursor else {}, headers=auth)
        assert page.headers["x-limit"] == "100"
        seen += page.json()["items"]
        cursor = page.json()["next"]
        if cursor is None:
            break
    assert seen == WIDGETS
    assert client.get("/widgets/4", headers=auth).json() == {"item": WIDGETS[3]}
    assert client.get("/widgets/40", headers=auth).json()["reason"] == "nothing here"
    assert client.get("/widgets", params={"next": "garbage"}, headers=auth).status_code == 400
    assert client.delete("/widgets", headers=auth).json()["reason"] == "no DELETE here"
    assert client.post("/_emulator/tokens", json={"token": "t1"}).status_code == 200
    assert client.get("/ping", headers={"x-token": "t1"}).status_code == 200
    client.post("/_emulator/faults", json={"rate_limit_every": 1, "retry_after_seconds": 2.2})
    limited = client.get("/ping", headers=auth)
    assert limited.status_code == 429 and limited.headers["retry-after"] == "3"
