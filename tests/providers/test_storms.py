"""Sustained 429 and 5xx storms over minutes of simulated time, and a 403 that pauses the syncs.

The sync runs for real against the Pipedrive emulator; the provider client waits on a simulated clock
(``glue_providers.http.waiting``), which the emulator's fault counter reads too, so it can tell whether
a retry came before the Retry-After it sent had passed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Sync, SyncRun
from glue_pipelines.sync.job import NothingToSync
from glue_pipelines.sync.runner import sync_connection
from glue_providers.http import ProviderAuthError, waiting
from tests.pipelines.conftest import emulators, glue  # noqa: F401  (the sync engine's fixtures)
from tests.pipelines.scenario import connect

PERSONS = 200
PAGE = 25  # eight pages: eight requests that each weather the storm
MAX_BACKOFF = 30.0  # the provider client's cap on one wait (glue_providers/http.py)
FIRST_BACKOFF = 0.5  # its first wait's ceiling, doubling per attempt


class SimulatedClock:
    """Seconds that pass only when the client waits."""

    def __init__(self):
        self.seconds = 0.0
        self.waits: list[float] = []

    def now(self) -> float:
        return self.seconds

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.seconds += seconds


@contextmanager
def simulated_time(emulated) -> Iterator[SimulatedClock]:
    clock = SimulatedClock()
    emulated.emulator.faults.clock = clock.now  # the emulator's Retry-After bookkeeping runs on the same clock
    token = waiting.set(clock.sleep)
    try:
        yield clock
    finally:
        waiting.reset(token)


@pytest.fixture
def storm_scenario(glue, emulators, warehouse_url):
    emulated = emulators("pipedrive", {"persons": PERSONS})
    emulated.control("POST", "/dataset", json={"max_page_size": PAGE})
    return connect(glue, emulated, warehouse_url, objects=["persons"])


def assert_exact_rows(scenario) -> None:
    """The table holds every person the provider has, as the provider renders it, none deleted, none twice."""
    provider = scenario.emulated.control("GET", "/records/persons", params={"fields": "true"})["fields"]
    rows = scenario.rows("persons")
    assert len(provider) == PERSONS and set(rows) == set(provider)
    for rid, (raw, is_deleted, _) in rows.items():
        assert json.loads(raw) == provider[rid], rid
        assert is_deleted is False


def last_runs(glue, connection_id: str) -> list[SyncRun]:
    with transaction(glue.store.session_factory) as session:
        syncs = session.execute(select(Sync).where(Sync.connection_id == connection_id)).scalars().all()
        runs = [session.execute(select(SyncRun).where(SyncRun.sync_id == s.id)
                                .order_by(SyncRun.start_timestamp.desc())).scalars().first() for s in syncs]
        session.expunge_all()
    return runs


def test_a_sustained_5xx_storm_backs_off_up_to_the_cap_and_ends_with_exact_rows(glue, storm_scenario):
    emulated = storm_scenario.emulated
    # Seven of every eight API requests answer 500: each page succeeds only at the client's eighth attempt.
    emulated.control("POST", "/faults", json={"server_error_every": 8, "server_error_burst": 7})
    with simulated_time(emulated) as clock:
        outcome = sync_connection(glue.store, storm_scenario.connection_id)

    assert [o.records for o in outcome] == [PERSONS]
    assert_exact_rows(storm_scenario)
    report = emulated.control("GET", "/faults")
    # Every injected fault was served, and each cost the client exactly one wait.
    assert report["served"] == {"server_error": len(clock.waits)}
    assert report["requests"] == len(clock.waits) + PERSONS // PAGE
    # The waits come in runs of consecutive failures (six before the first success, seven before each
    # later one); the k-th wait of a run is jittered below a ceiling that doubles from 0.5 s up to the cap.
    runs = [clock.waits[:6]] + [clock.waits[i:i + 7] for i in range(6, len(clock.waits), 7)]
    assert len(runs) == PERSONS // PAGE and all(len(run) == 7 for run in runs[1:])
    for run in runs:
        for attempt, seconds in enumerate(run, start=1):
            ceiling = min(MAX_BACKOFF, FIRST_BACKOFF * 2 ** (attempt - 1))
            assert ceiling / 2 <= seconds <= ceiling, (attempt, seconds)
    assert FIRST_BACKOFF * 2 ** 6 > MAX_BACKOFF  # the seventh wait's ceiling is the cap, not 32 s
    assert max(clock.waits) <= MAX_BACKOFF
    assert clock.seconds >= 4 * 60  # minutes of storm, weathered without a real second of waiting
    assert [run.status for run in last_runs(glue, storm_scenario.connection_id)] == ["SUCCESS"]


def test_a_sustained_429_storm_waits_each_retry_after_and_ends_with_exact_rows(glue, storm_scenario):
    emulated = storm_scenario.emulated
    # Five of every six API requests answer 429 with Retry-After: 20.
    emulated.control("POST", "/faults", json={"rate_limit_every": 6, "rate_limit_burst": 5,
                                             "retry_after_seconds": 20})
    with simulated_time(emulated) as clock:
        outcome = sync_connection(glue.store, storm_scenario.connection_id)

    assert [o.records for o in outcome] == [PERSONS]
    assert_exact_rows(storm_scenario)
    report = emulated.control("GET", "/faults")
    assert report["served"] == {"rate_limit": len(clock.waits)}
    assert report["early_retries"] == 0  # no request came before the Retry-After it was given had passed
    assert clock.waits == [20.0] * len(clock.waits)  # the provider's figure, under the cap, not a guess
    assert len(clock.waits) == 4 + 5 * (PERSONS // PAGE - 1)  # four 429s before the first success, five after
    assert clock.seconds >= 10 * 60
    assert [run.status for run in last_runs(glue, storm_scenario.connection_id)] == ["SUCCESS"]


def test_a_403_pauses_the_connections_syncs_after_one_request(glue, storm_scenario):
    emulated = storm_scenario.emulated
    emulated.control("POST", "/faults", json={"forbidden": True})
    with simulated_time(emulated) as clock, pytest.raises(Exception) as failure:
        sync_connection(glue.store, storm_scenario.connection_id)

    assert _in_chain(failure.value, ProviderAuthError).status_code == 403
    assert emulated.control("GET", "/faults")["served"] == {"forbidden": 1}  # refused for good: not retried
    assert clock.waits == []
    syncs = glue.mgmt.get("/syncs", params={"customer_id": "c1"}).json()["results"]
    assert [(s["object"], s["paused"]) for s in syncs] == [("persons", True)]
    (run,) = last_runs(glue, storm_scenario.connection_id)
    assert run.status == "FAILURE" and "Scope and URL mismatch" in run.error_message
    # The paused sync does not run again, even once the provider would answer.
    emulated.control("POST", "/faults", json={"forbidden": False})
    with pytest.raises(NothingToSync):
        sync_connection(glue.store, storm_scenario.connection_id)
    assert emulated.control("GET", "/faults")["requests"] == 1


def _in_chain(exc: BaseException, kind: type) -> BaseException:
    seen = exc
    while seen is not None and not isinstance(seen, kind):
        seen = seen.__cause__ or seen.__context__
    assert seen is not None, f"no {kind.__name__} behind {exc!r}"
    return seen
