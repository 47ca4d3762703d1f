"""Syncs SIGKILLed in every phase and run again end with exactly the provider's records, row by row.

A fresh seed each run, printed first; ``GLUE_CRASH_SEED=<seed> scripts/test -k crash`` replays one.
The store is PostgreSQL; the warehouse PostgreSQL or the managed DuckDB. More kills: ``python -m bench.crash``.
"""

from __future__ import annotations

import random

import pytest

from glue_pipelines.destinations.factory import MANAGED_WAREHOUSE_FILE
from glue_pipelines.sync.phases import PHASES
from tests.pipelines.crash_setting import (
    OBJECTS, SCHEMA, connect, duckdb_reader, glue_on_postgres, index_of, postgres_reader, table_of,
)
from tests.pipelines.crash_trials import SEED_VARIABLE, CrashTrials, trial_seed
from tests.support.warehouse import create_warehouse_database, drop_warehouse_database, postgres_destination_body

KILLS_PER_DESTINATION = 10  # two destinations: 20 kills per test run, every phase twice in each


@pytest.fixture
def seed(capsys) -> int:
    chosen = trial_seed()
    with capsys.disabled():
        print(f"\ncrash trials seed: {chosen} (replay: {SEED_VARIABLE}={chosen})")
    return chosen


@pytest.mark.parametrize("warehouse", ["postgres", "duckdb"])
def test_syncs_killed_in_every_phase_end_with_the_providers_records(warehouse, seed, tmp_path, keyring, emulators):
    emulated = emulators("pipedrive", {"persons": 120, "organizations": 40})
    emulated.control("POST", "/dataset", json={"max_page_size": 25})  # several pages: kills between them
    with glue_on_postgres(tmp_path / "home", keyring) as glue:
        if warehouse == "postgres":
            url = create_warehouse_database()
            destination, read = postgres_destination_body(url, SCHEMA), postgres_reader(url)
        else:
            url = None
            destination = {"name": "warehouse", "type": "supaglue"}
            read = duckdb_reader(glue.settings.home / MANAGED_WAREHOUSE_FILE)
        try:
            trials = CrashTrials(glue, emulated, connect(glue, emulated, destination), OBJECTS, read,
                                 index_of=index_of, table_of=table_of,
                                 rng=random.Random(f"{seed}-{warehouse}"), workdir=str(tmp_path), say=print)
            kills = trials.run(KILLS_PER_DESTINATION)
        finally:
            if url:
                drop_warehouse_database(url)
    assert all(kills[phase] >= 2 for phase in PHASES), f"seed {seed}: kills by phase {dict(kills)}"
