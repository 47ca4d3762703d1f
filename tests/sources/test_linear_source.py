"""The Linear source read through its real client against the Linear emulator: Relay cursors followed to
the end, the updatedAt filter for incremental reads, archived records flagged deleted, and Linear's
400 RATELIMITED refusal waited out until the reset it names."""

from __future__ import annotations

import json
from datetime import timedelta

import pyarrow as pa

from glue_emulators import linear
from glue_emulators.server import EmulatorServer
from glue_providers.linear.source import linear_source
from glue_providers.linear.source.client import open_client
from tests.sources.support import tables_of


def read(server: EmulatorServer, token: str, objects, modified_since=None) -> dict[str, pa.Table]:
    return tables_of(linear_source(token, server.url, objects, modified_since), objects)


def test_cursors_are_followed_through_shortened_pages_to_every_record():
    emulator = linear.create_emulator({"issues": 37, "comments": 12, "projects": 4, "teams": 3, "users": 5})
    emulator.dataset.max_page_size = 7
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server:
        tables = read(server, token, linear.render.OBJECTS)
    assert {name: t.num_rows for name, t in tables.items()} == {
        "issues": 37, "comments": 12, "projects": 4, "teams": 3, "users": 5}
    assert len(set(tables["issues"]["id"].to_pylist())) == 37
    assert emulator.dataset.pages_cut["issues"] == 6  # 37 records, 7 a page: six pages after the first
    first = json.loads(tables["issues"]["raw_data"][0].as_py())
    assert first["identifier"] and first["state"]["type"] and first["team"]["id"]


def test_an_incremental_read_asks_for_changes_since_and_flags_archived_records_deleted():
    emulator = linear.create_emulator({"issues": 20})
    token = emulator.oauth.mint()["access_token"]
    store = emulator.dataset["issues"]
    since = store.record(19).modified_at + timedelta(milliseconds=1)
    store.update([3])
    store.delete([8])
    with EmulatorServer(emulator.app) as server:
        issues = read(server, token, ["issues"], {"issues": since})["issues"]
    flags = dict(zip(issues["id"].to_pylist(), issues["is_deleted"].to_pylist()))
    assert flags == {linear.render.remote_id("issues", 3): False, linear.render.remote_id("issues", 8): True}


def test_the_client_keeps_the_egress_guard_beside_its_ratelimited_reading():
    with open_client("token", "https://api.linear.app") as client:
        hooks = client.http.event_hooks
    assert len(hooks["request"]) >= 1 and len(hooks["response"]) == 1


def test_a_ratelimited_answer_is_waited_out_and_the_read_goes_on():
    emulator = linear.create_emulator({"issues": 12})
    emulator.dataset.max_page_size = 5
    emulator.faults.configure(rate_limit_every=2, rate_limit_burst=1, retry_after_seconds=1)
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server:
        issues = read(server, token, ["issues"])["issues"]
    report = emulator.faults.report()
    assert issues.num_rows == 12
    assert report["served"]["rate_limit"] >= 1 and report["early_retries"] == 0
