"""The Apollo source against its emulator: every object in full, the per-search cap read up to and
said, a spent minute waited out, a spent day ending the read at once."""

from __future__ import annotations

import json
import logging

import pyarrow as pa
import pytest

from glue_emulators import apollo
from glue_emulators.apollo_records import OBJECTS, render
from glue_emulators.server import EmulatorServer
from glue_providers.apollo.source import apollo_source, open_client, search_pages
from glue_providers.http import ProviderRateLimited
from tests.sources.support import tables_of

COUNTS = {"contacts": 230, "accounts": 120, "emailer_campaigns": 7, "users": 4, "email_accounts": 3}


def read(server: EmulatorServer, objects=OBJECTS, **options) -> dict[str, pa.Table]:
    source = apollo_source(apollo.SANDBOX_KEY, server.url, objects, **options)
    return tables_of(source, objects)


def test_every_object_is_read_in_full_as_apollo_shows_it():
    emulator = apollo.create_emulator(COUNTS)
    with EmulatorServer(emulator.app) as server:
        tables = read(server)
    assert {name: table.num_rows for name, table in tables.items()} == COUNTS
    for name, table in tables.items():
        first = json.loads(table.column("raw_data")[0].as_py())
        assert first == render(name, emulator.dataset[name].record(0))


def test_data_beyond_the_search_cap_is_read_up_to_the_cap_and_said(caplog):
    emulator = apollo.create_emulator({"contacts": 350}, search_cap_pages=3)
    with EmulatorServer(emulator.app) as server, caplog.at_level(logging.WARNING, logger="glue.sync"):
        contacts = read(server, ("contacts",), cap_pages=3)["contacts"]
    assert contacts.num_rows == 300
    assert any("300 of 350 contacts synced, 50 left out" in r.getMessage() for r in caplog.records)


def test_a_spent_minute_is_waited_out():
    now = [30.0]  # half a minute in: the third page waits for the next minute
    emulator = apollo.create_emulator({"users": 250}, per_minute=2, clock=lambda: now[0])
    waits: list[float] = []

    def sleep(seconds: float) -> None:  # the client waits: time moves on
        waits.append(seconds)
        now[0] += seconds

    with EmulatorServer(emulator.app) as server, open_client(apollo.SANDBOX_KEY, server.url) as client:
        client.sleep = sleep
        pages = list(search_pages(client, "users"))
    assert sum(len(page) for page in pages) == 250 and waits == [30.0]


def test_a_spent_day_ends_the_read_at_once_saying_when_apollo_takes_requests_again():
    emulator = apollo.create_emulator({"contacts": 500}, per_day=2, clock=lambda: 1000.0)
    with EmulatorServer(emulator.app) as server, pytest.raises(Exception) as failed:
        read(server, ("contacts",))
    spent = failed.value.__cause__  # dlt wraps what a resource raised
    assert isinstance(spent, ProviderRateLimited) and spent.retry_after_seconds == apollo.DAY - 1000
    assert apollo.SANDBOX_KEY not in str(spent)
    assert emulator.faults.requests == 3  # two pages, then the refusal: no retries
