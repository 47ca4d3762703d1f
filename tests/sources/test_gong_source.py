"""The Gong source against its emulator: users and calls in full, calls from a start time with the
late-call lookback, Gong's 3 requests a second kept, and a spent day ending the read at once."""

from __future__ import annotations

import json
from datetime import timedelta

import pyarrow as pa
import pytest

from glue_emulators import gong
from glue_emulators.dataset import BASE_TIME
from glue_emulators.server import EmulatorServer
from glue_providers.gong.source import LATE_CALLS_LOOKBACK, gong_source
from glue_providers.http import ProviderRateLimited
from tests.sources.support import tables_of

KEY, SECRET = gong.SANDBOX_CREDENTIALS


def read(server: EmulatorServer, objects=("users", "calls"), modified_since=None) -> dict[str, pa.Table]:
    source = gong_source(KEY, SECRET, server.url, objects=objects, modified_since=modified_since)
    return tables_of(source, objects)


def test_a_full_read_lands_every_user_and_call_with_its_start_time():
    emulator = gong.create_emulator({"users": 130, "calls": 260})
    with EmulatorServer(emulator.app) as server:
        tables = read(server)
    assert tables["users"].num_rows == 130 and tables["calls"].num_rows == 260
    first = json.loads(tables["calls"].column("raw_data")[0].as_py())
    assert first == gong.render("calls", emulator.dataset["calls"].record(0))
    assert tables["calls"].column("last_modified_at")[0].as_py() == BASE_TIME


def test_calls_are_read_from_the_cursor_minus_the_late_call_lookback():
    emulator = gong.create_emulator({"users": 2, "calls": 40})
    emulator.dataset.respace(timedelta(hours=1))
    with EmulatorServer(emulator.app) as server:
        since = BASE_TIME + timedelta(hours=30)
        calls = read(server, ("calls",), {"calls": since})["calls"]
        empty = read(server, ("calls",), {"calls": BASE_TIME + timedelta(days=30)})["calls"]
    lookback_hours = int(LATE_CALLS_LOOKBACK / timedelta(hours=1))
    assert calls.column("id").to_pylist() == [gong.remote_id("calls", i) for i in range(30 - lookback_hours, 40)]
    assert empty.num_rows == 0  # Gong's 404 "No calls found" is an empty range, not a failure


def test_requests_stay_within_three_a_second():
    emulator = gong.create_emulator({"users": 450, "calls": 0})  # five pages, one window of three
    with EmulatorServer(emulator.app) as server:
        users = read(server, ("users",))["users"]
    assert users.num_rows == 450
    assert emulator.faults.requests == 5  # no 429 and no retry: the source paced itself


def test_a_spent_day_ends_the_read_at_once_saying_when_gong_takes_requests_again():
    emulator = gong.create_emulator({"users": 450}, per_day=2, clock=lambda: 1000.0)
    with EmulatorServer(emulator.app) as server, pytest.raises(Exception) as failed:
        read(server, ("users",))
    spent = failed.value.__cause__  # dlt wraps what a resource raised
    assert isinstance(spent, ProviderRateLimited)
    assert spent.status_code == 429 and spent.retry_after_seconds == gong.DAY - 1000
    assert "rate limit spent" in str(spent) and SECRET not in str(spent)
    assert emulator.faults.requests == 3  # two pages, then the refusal: no retries
