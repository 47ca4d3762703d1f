"""The Zendesk Sell source against its emulator: every record in full, an incremental read that stops at
the cursor in a list sorted newest first, deals with their stage, and a spent hour ending the read at once."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pyarrow as pa
import pytest

from glue_emulators import zendesk_sell
from glue_emulators.dataset import BASE_TIME
from glue_emulators.server import EmulatorServer
from glue_emulators.zendesk_sell.render import STAGES
from glue_providers.zendesk_sell.source import zendesk_sell_source
from tests.sources.support import tables_of


def read(emulator, server: EmulatorServer, objects, modified_since=None) -> dict[str, pa.Table]:
    token = emulator.oauth.mint()["access_token"]
    return tables_of(zendesk_sell_source(token, server.url, objects, modified_since), objects)


def test_a_full_read_lands_every_record_as_sell_shows_it():
    emulator = zendesk_sell.create_emulator({"contacts": 250, "leads": 30, "deals": 120, "users": 5})
    objects = ("contacts", "leads", "deals", "users")
    with EmulatorServer(emulator.app) as server:
        tables = read(emulator, server, objects)
    upstream = {name: emulator.dataset[name] for name in objects}
    for name in objects:
        assert tables[name].num_rows == upstream[name].count
        assert len(set(tables[name].column("id").to_pylist())) == upstream[name].count
    contacts = {row["id"]: json.loads(row["raw_data"]) for row in tables["contacts"].to_pylist()}
    first = zendesk_sell.render("contacts", emulator.dataset["contacts"].record(0))
    assert contacts[str(first["id"])] == first


def test_deals_carry_their_stage_from_the_pipeline():
    emulator = zendesk_sell.create_emulator({"deals": 40})
    with EmulatorServer(emulator.app) as server:
        deals = [json.loads(raw) for raw in read(emulator, server, ("deals",))["deals"].column("raw_data").to_pylist()]
    by_id = {sid: (name, category) for sid, name, category, _ in STAGES}
    assert {d["stage"]["category"] for d in deals} >= {"won", "lost"}
    for deal in deals:
        assert (deal["stage"]["name"], deal["stage"]["category"]) == by_id[deal["stage_id"]]
        assert deal["stage"]["pipeline_id"] == 1


def test_an_incremental_read_stops_at_the_cursor_in_the_newest_first_list():
    emulator = zendesk_sell.create_emulator({"contacts": 300})
    emulator.dataset.respace(timedelta(minutes=5))
    with EmulatorServer(emulator.app) as server:
        changed = set(httpx_post(server, "/_emulator/changes/update", {"object": "contacts", "indices": [4, 150]}))
        since = BASE_TIME + timedelta(minutes=5 * 290)  # the last ten generated records, and the changed two
        contacts = read(emulator, server, ("contacts",), {"contacts": since})["contacts"]
        requests = emulator.faults.requests
    ids = contacts.column("id").to_pylist()
    expected = {zendesk_sell.remote_id("contacts", i) for i in range(290, 300)} | changed
    assert set(ids) == expected and len(ids) == len(expected)
    assert requests == 1  # one page of 100 held everything newer than the cursor


def test_a_spent_hour_ends_the_read_at_once_saying_when_sell_takes_requests_again():
    emulator = zendesk_sell.create_emulator({"contacts": 450}, hourly_limit=2, clock=lambda: 1800.0)
    with EmulatorServer(emulator.app) as server, pytest.raises(Exception) as failed:
        read(emulator, server, ("contacts",))
    assert "rate limit spent" in str(failed.value) and "in 1800 s" in str(failed.value)


def httpx_post(server: EmulatorServer, path: str, body: dict) -> list[str]:
    return httpx.post(server.url + path, json=body).json()["ids"]


def test_requests_stay_within_ten_a_second():
    emulator = zendesk_sell.create_emulator({"contacts": 300})
    with EmulatorServer(emulator.app) as server:
        token = emulator.oauth.mint()["access_token"]
        # Small pages, so that thirty quick requests would crowd a second if the source did not pace them.
        contacts = tables_of(zendesk_sell_source(token, server.url, ("contacts",), per_page=10), ("contacts",))
    assert contacts["contacts"].num_rows == 300
    assert emulator.refused["rate_limit"] == 0  # Sell's per-second window never refused one
    assert emulator.faults.requests == 30  # and none was retried
