"""Gong's emulator as Gong's v2 API shows users and calls: cursor pages, calls filtered by start time,
404 for a range without calls, generated records that do not depend on the size asked for."""

from __future__ import annotations

import base64
from datetime import timedelta

from starlette.testclient import TestClient

from glue_emulators import gong
from glue_emulators.dataset import BASE_TIME

HEADERS = {"Authorization": "Basic " + base64.b64encode(":".join(gong.SANDBOX_CREDENTIALS).encode()).decode()}


def client_for(counts: dict[str, int]) -> tuple[gong.GongEmulator, TestClient]:
    emulator = gong.create_emulator(counts, per_second=10_000)
    return emulator, TestClient(emulator.app, headers=HEADERS)


def read_all(client: TestClient, path: str, key: str, params: dict | None = None) -> list[dict]:
    found, cursor = [], None
    while True:
        answer = client.get(path, params={**(params or {}), **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        found += body[key]
        cursor = body["records"].get("cursor")
        if cursor is None:
            return found


def test_users_and_calls_are_paged_with_a_cursor_to_the_end():
    _, client = client_for({"users": 230, "calls": 250})
    users = read_all(client, "/v2/users", "users")
    calls = read_all(client, "/v2/calls", "calls")
    assert len({u["id"] for u in users}) == 230 and len({c["id"] for c in calls}) == 250
    first = client.get("/v2/users").json()
    assert first["records"]["currentPageSize"] == 100 and first["records"]["totalRecords"] == 230
    assert [c["started"] for c in calls] == sorted(c["started"] for c in calls)
    assert client.get("/v2/users", params={"cursor": "not-a-cursor"}).status_code == 400


def test_calls_are_filtered_by_start_time_from_inclusive_to_exclusive():
    emulator, client = client_for({"calls": 50})
    emulator.dataset.respace(timedelta(minutes=10))
    since = (BASE_TIME + timedelta(minutes=100)).isoformat()
    until = (BASE_TIME + timedelta(minutes=200)).isoformat()
    calls = read_all(client, "/v2/calls", "calls", {"fromDateTime": since, "toDateTime": until})
    assert [c["id"] for c in calls] == [gong.remote_id("calls", i) for i in range(10, 20)]
    empty = client.get("/v2/calls", params={"fromDateTime": "2030-01-01T00:00:00Z"})
    assert empty.status_code == 404 and empty.json()["errors"] == [gong.NO_CALLS]
    assert client.get("/v2/calls", params={"fromDateTime": "yesterday"}).status_code == 400


def test_a_changed_call_keeps_its_start_time_and_a_new_call_starts_now():
    emulator, client = client_for({"calls": 5})
    before = {c["id"]: c for c in read_all(client, "/v2/calls", "calls")}
    changed = client.post("/_emulator/changes/update", json={"object": "calls", "indices": [2]}).json()["ids"]
    added = client.post("/_emulator/changes/create", json={"object": "calls", "count": 1}).json()["ids"]
    after = {c["id"]: c for c in read_all(client, "/v2/calls", "calls")}
    assert after[changed[0]]["started"] == before[changed[0]]["started"]
    assert after[changed[0]] != before[changed[0]]
    assert set(after) == set(before) | set(added) and after[added[0]]["started"] > max(c["started"] for c in before.values())
    fields = client.get("/_emulator/records/calls", params={"fields": "true"}).json()["fields"]
    assert fields == after


def test_generated_records_are_the_same_whatever_the_size():
    _, small = client_for({"users": 3})
    _, large = client_for({"users": 300})
    assert small.get("/v2/users").json()["users"] == large.get("/v2/users").json()["users"][:3]


def test_a_spent_day_answers_429_with_the_seconds_until_the_window_opens():
    now = [100.0]
    emulator = gong.create_emulator({"users": 1}, per_second=100, per_day=2, clock=lambda: now[0])
    client = TestClient(emulator.app, headers=HEADERS)
    assert [client.get("/v2/users").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/v2/users")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) == gong.DAY - 100
