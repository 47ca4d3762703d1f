"""A sync killed at a random point and run again ends with exactly the provider's records."""

import json
import os
import random
import signal
import subprocess
import sys
import time

from sqlalchemy import create_engine, text

from tests.pipelines.scenario import connect

RUN_ONE_SYNC = """
import sys
from glue_pipelines.store import GlueStore
from glue_pipelines.sync.runner import sync_connection
sync_connection(GlueStore(), sys.argv[1])
"""


def start_sync(glue, connection_id: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GLUE_")} | {
        "GLUE_DATABASE_URL": glue.settings.resolved_database_url,
        "GLUE_HOME": str(glue.settings.home),
        "GLUE_SECRET_KEY": glue.store.keyring.serialize(),
        "GLUE_PROVIDER_BASE_URLS": json.dumps(glue.settings.provider_base_urls),
        "GLUE_EGRESS_ALLOW": os.environ["GLUE_EGRESS_ALLOW"],  # the emulator and the warehouse are on loopback
    }
    return subprocess.Popen([sys.executable, "-c", RUN_ONE_SYNC, connection_id], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def warehouse_ids(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text("SELECT _glue_id FROM crm.pipedrive_persons")).scalars())
    except Exception:
        return []  # not created yet: the first run was killed before its first load
    finally:
        engine.dispose()


def test_killed_syncs_lose_nothing_and_duplicate_nothing(glue, emulators, warehouse_url):
    emulated = emulators("pipedrive", {"persons": 20000, "organizations": 10})
    # "full only": every trial is a long read that a kill can interrupt.
    scenario = connect(glue, emulated, warehouse_url, objects=["persons"], strategy="full only")
    rng = random.Random(20261123)
    killed = 0
    changed: set[str] = set()
    faults = emulated.emulator.faults  # counts the API requests the emulator answered
    for _ in range(5):
        # Kill after a random number of pages (and a random moment after): in extract or in load.
        target = faults.requests + rng.randint(1, 42)  # 40 pages of 500, and what follows them
        process = start_sync(glue, scenario.connection_id)
        while process.poll() is None and faults.requests < target:
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.3))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait(timeout=60)
        update = emulated.control("POST", "/changes/update", json={"object": "persons", "fraction": 0.01})
        changed |= set(update["ids"])
    assert killed >= 3  # the trials really interrupted syncs

    final = start_sync(glue, scenario.connection_id)
    assert final.wait(timeout=300) == 0, final.stderr.read()
    ids = warehouse_ids(warehouse_url)
    assert len(ids) == len(set(ids))  # nothing duplicated
    assert set(ids) == set(emulated.live_records("persons"))  # nothing lost
    # Every upstream change landed: changed records carry this year's timestamps, the rest the generated 2024 ones.
    rows = scenario.rows("persons")
    assert {rid for rid, (_, _, modified) in rows.items() if modified.year > 2024} == changed
