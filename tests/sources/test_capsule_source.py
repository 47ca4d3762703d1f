"""The Capsule source against its emulator: every record in full (with custom field values), an
incremental read with since= that also lands what was deleted since, users in one list, and a spent
hour ending the read at once."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pyarrow as pa
import pytest

from glue_emulators import capsule
from glue_emulators.dataset import BASE_TIME
from glue_emulators.server import EmulatorServer
from glue_providers.capsule.source import capsule_source
from tests.sources.support import tables_of


def read(emulator, server: EmulatorServer, objects, modified_since=None) -> dict[str, pa.Table]:
    token = emulator.oauth.mint()["access_token"]
    return tables_of(capsule_source(token, server.url, objects, modified_since), objects)


def test_a_full_read_lands_every_record_as_capsule_shows_it():
    emulator = capsule.create_emulator({"parties": 250, "opportunities": 120, "users": 4})
    objects = ("parties", "opportunities", "users")
    with EmulatorServer(emulator.app) as server:
        tables = read(emulator, server, objects)
    for name in objects:
        assert sorted(tables[name].column("id").to_pylist()) == \
            sorted(capsule.remote_id(name, i) for i in range(emulator.dataset[name].count))
        assert not any(tables[name].column("is_deleted").to_pylist())
    parties = {row["id"]: json.loads(row["raw_data"]) for row in tables["parties"].to_pylist()}
    shown = capsule.render("parties", emulator.dataset["parties"].record(7))
    landed = parties[str(shown["id"])]
    assert {k: v for k, v in landed.items() if k != "fields"} == shown
    assert landed["fields"][0]["definition"]["name"] == "Referral source"  # embed=fields


def test_an_incremental_read_takes_what_changed_since_and_what_was_deleted_since():
    emulator = capsule.create_emulator({"parties": 300})
    emulator.dataset.respace(timedelta(minutes=5))
    with EmulatorServer(emulator.app) as server:
        control = f"{server.url}/_emulator/changes"
        changed = httpx.post(f"{control}/update", json={"object": "parties", "indices": [4]}).json()["ids"]
        deleted = httpx.post(f"{control}/delete", json={"object": "parties", "indices": [9]}).json()["ids"]
        since = BASE_TIME + timedelta(minutes=5 * 295)
        parties = read(emulator, server, ("parties",), {"parties": since})["parties"]
    rows = {row["id"]: row for row in parties.to_pylist()}
    live = {capsule.remote_id("parties", i) for i in range(295, 300)} | set(changed)
    assert set(rows) == live | set(deleted)
    assert {rid for rid, row in rows.items() if row["is_deleted"]} == set(deleted)
    assert json.loads(rows[deleted[0]]["raw_data"])["deletedAt"].endswith("Z")


def test_a_spent_hour_ends_the_read_at_once_saying_when_capsule_takes_requests_again():
    emulator = capsule.create_emulator({"parties": 450}, hourly_limit=2, clock=lambda: 600.0)
    with EmulatorServer(emulator.app) as server, pytest.raises(Exception) as failed:
        read(emulator, server, ("parties",), None)
    assert "rate limit spent" in str(failed.value) and "in 3000 s" in str(failed.value)
