"""Incremental cost: after a full sync of N HubSpot contacts, change 0.1%, 1% and 10% of them
upstream (the emulator's control API) and time each incremental sync through the Dagster asset,
as a fraction of the full sync's time. An incremental with no change first shows the fixed cost.

    python -m bench.incremental                   # 1,000,000 records
    python -m bench.incremental --records 20000   # a quick check

Changes made within a minute of the previous sync's cursor are read again (Glue's one-minute
lookback), so each line's "records read" can exceed the records changed for that step.
"""

from __future__ import annotations

from contextlib import ExitStack

from sqlalchemy import create_engine, text

from bench.postgres import PostgresServer
from bench.report import command_line, emit, exit_on_sigterm, note
from bench.scenario import SCHEMA, sync_setting

FRACTIONS = (0.001, 0.01, 0.1)


def percent(fraction: float) -> str:
    return f"{fraction * 100:g}pct"


def warehouse_rows(warehouse_url: str) -> int:
    engine = create_engine(warehouse_url)
    with engine.connect() as connection:
        count = connection.execute(text(f"SELECT count(*) FROM {SCHEMA}.hubspot_contacts")).scalar_one()
    engine.dispose()
    return count


def main(argv: list[str] | None = None) -> None:
    parser = command_line("python -m bench.incremental", __doc__)
    parser.add_argument("--records", type=int, default=1_000_000, help="contacts in the table (default 1,000,000)")
    parser.add_argument("--fractions", default=",".join(str(f) for f in FRACTIONS),
                        help="fractions of the records to change, in order (default 0.001,0.01,0.1)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed per sync (default 3600)")
    args = parser.parse_args(argv)
    exit_on_sigterm()
    n = args.records
    with PostgresServer() as pg, ExitStack() as stack:
        setting = sync_setting(stack, pg, n, f"incremental_{n}")
        note(f"full sync of {n:,} contacts")
        full = setting.glue_sync(args.timeout)
        note(f"full: {full}")
        emit(f"incremental_{n}_full_sync_seconds", full["seconds"], "s")
        steps = [0.0] + [float(f) for f in args.fractions.split(",")]
        for fraction in steps:
            changed = setting.emulator.change("contacts", fraction) if fraction else 0
            note(f"changed {changed:,} contacts upstream; incremental sync")
            run = setting.glue_sync(args.timeout)
            note(f"incremental: {run}")
            name = f"incremental_{n}_changed_{percent(fraction)}"
            emit(name, run["seconds"] / full["seconds"], "fraction of the full sync's time")
            emit(f"{name}_seconds", run["seconds"], "s", full["seconds"])
            emit(f"{name}_records_read", run["records"], f"records read (changed upstream: {changed})")
        rows = warehouse_rows(setting.warehouse_url)
        if rows != n:
            raise RuntimeError(f"the warehouse holds {rows} contacts, expected {n}")


if __name__ == "__main__":
    main()
