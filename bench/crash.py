"""Crash soak: syncs SIGKILLed in every phase (extract, normalize, load, soft-delete, cursor commit), each
followed by a run to the end and a row-by-row comparison of every synced table with the provider's records.

    python -m bench.crash --kills 200                      # 100 kills into PostgreSQL, 100 into DuckDB
    python -m bench.crash --kills 50 --warehouse duckdb
    GLUE_CRASH_SEED=1234 python -m bench.crash --kills 200  # replays a soak: its seed is printed first

The same trials as tests/pipelines/test_crash_recovery.py (PostgreSQL store, Pipedrive emulator, full and
incremental runs in turn, upstream updates, creations and deletions between runs), for as many kills as
asked. Prints one JSON line per warehouse: kills by phase and the seconds it took. A wrong row stops it
with the seed to replay.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path

from bench.postgres import PostgresServer
from bench.report import command_line, emit, emit_load_average, exit_on_sigterm, note

WAREHOUSES = ("postgres", "duckdb")


def soak(warehouse: str, kills: int, persons: int, seed: int, keyring) -> dict:
    from glue_pipelines.destinations.factory import MANAGED_WAREHOUSE_FILE
    from tests.pipelines import crash_setting as setting
    from tests.pipelines.conftest import start_emulator
    from tests.pipelines.crash_trials import CrashTrials
    from tests.support.warehouse import create_warehouse_database, drop_warehouse_database, postgres_destination_body

    emulated = start_emulator("pipedrive", {"persons": persons, "organizations": max(10, persons // 3)})
    emulated.control("POST", "/dataset", json={"max_page_size": 25})
    url = None
    try:
        with tempfile.TemporaryDirectory(prefix="glue-bench-crash.") as workdir, \
                setting.glue_on_postgres(Path(workdir) / "home", keyring) as glue:
            if warehouse == "postgres":
                url = create_warehouse_database()
                destination, read = postgres_destination_body(url, setting.SCHEMA), setting.postgres_reader(url)
            else:
                destination = {"name": "warehouse", "type": "supaglue"}
                read = setting.duckdb_reader(glue.settings.home / MANAGED_WAREHOUSE_FILE)
            trials = CrashTrials(glue, emulated, setting.connect(glue, emulated, destination), setting.OBJECTS,
                                 read, index_of=setting.index_of, table_of=setting.table_of,
                                 rng=random.Random(f"{seed}-{warehouse}"), workdir=workdir, say=note)
            started = time.monotonic()
            by_phase = trials.run(kills)
            return {"kills": dict(by_phase), "seconds": time.monotonic() - started}
    finally:
        if url:
            drop_warehouse_database(url)
        emulated.server.stop()


def main(argv: list[str] | None = None) -> None:
    parser = command_line("python -m bench.crash", __doc__)
    parser.add_argument("--kills", type=int, default=200, help="kills in all, shared by the warehouses (default 200)")
    parser.add_argument("--warehouse", choices=[*WAREHOUSES, "both"], default="both")
    parser.add_argument("--persons", type=int, default=120, help="Pipedrive persons upstream (default 120)")
    args = parser.parse_args(argv)
    exit_on_sigterm()

    from glue_api.crypto import KeyRing, generate_key, key_id_for
    from tests.pipelines.crash_trials import SEED_VARIABLE, trial_seed

    seed = trial_seed()
    note(f"crash soak seed: {seed} (replay: {SEED_VARIABLE}={seed})")
    warehouses = WAREHOUSES if args.warehouse == "both" else (args.warehouse,)
    key = generate_key()
    keyring = KeyRing([(key_id_for(key), key)])
    os.environ.setdefault("GLUE_EGRESS_ALLOW", "127.0.0.0/8,::1,localhost")  # emulator and PostgreSQL on loopback
    with PostgresServer() as pg:
        os.environ["GLUE_TEST_POSTGRES_URL"] = pg.url  # where the store and warehouse databases are made
        for warehouse in warehouses:
            result = soak(warehouse, max(1, args.kills // len(warehouses)), args.persons, seed, keyring)
            for phase, count in sorted(result["kills"].items()):
                emit(f"crash_kills_{warehouse}_{phase}", count, "kills")
            emit(f"crash_soak_{warehouse}", result["seconds"], "seconds")
    emit_load_average("crash_soak_load")


if __name__ == "__main__":
    main()
