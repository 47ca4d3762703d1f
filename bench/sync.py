"""Full sync throughput and memory: N HubSpot contacts from the emulator into PostgreSQL through
the real Dagster asset, against the limit (a plain fetch + parse + COPY script, bench.limit).

    python -m bench.sync                      # 1,000,000 records, plus 100,000 to see memory growth
    python -m bench.sync --records 20000      # a quick check

Each run is its own process, so its peak RSS is its own.
"""

from __future__ import annotations

from contextlib import ExitStack

from bench.postgres import PostgresServer
from bench.report import command_line, emit, emit_load_average, exit_on_sigterm, note
from bench.scenario import sync_setting


def measure(pg: PostgresServer, records: int, timeout: float) -> None:
    with ExitStack() as stack:
        note(f"full sync of {records:,} contacts: setting up")
        setting = sync_setting(stack, pg, records, f"sync_{records}")
        note("Glue (Dagster asset) running")
        glue = setting.glue_sync(timeout)
        note(f"Glue: {glue}")
        note("limit (fetch + parse + COPY) running")
        limit = setting.limit_sync(timeout)
        note(f"limit: {limit}")
    if glue["records"] != records or limit["records"] != records:
        raise RuntimeError(f"expected {records} records, Glue synced {glue['records']}, the limit {limit['records']}")
    glue_rate, limit_rate = records / glue["seconds"], records / limit["seconds"]
    fetch_rate = records / (limit["seconds"] - limit["copy_seconds"])
    emit(f"sync_full_{records}_glue", glue_rate, "records/s", limit_rate)
    emit(f"sync_full_{records}_limit", limit_rate, "records/s")
    emit(f"sync_full_{records}_glue_vs_limit", glue_rate / limit_rate, "fraction of the limit's records/s")
    emit(f"sync_full_{records}_limit_fetch_parse_only", fetch_rate, "records/s (limit minus its COPY time)")
    emit(f"sync_full_{records}_glue_seconds", glue["seconds"], "s", limit["seconds"])
    emit(f"sync_full_{records}_glue_peak_rss", glue["peak_rss_mb"], "MiB", limit["peak_rss_mb"])
    emit(f"sync_full_{records}_glue_rss_growth", glue["peak_rss_mb"] - glue["rss_before_mb"],
         "MiB (peak minus RSS before the run)", limit["peak_rss_mb"] - limit["rss_before_mb"])
    emit(f"sync_full_{records}_glue_cpu_per_1000", glue["cpu_seconds"] / records * 1000,
         "CPU s per 1,000 records in the syncing process (PostgreSQL and the emulator not counted)",
         limit["cpu_seconds"] / records * 1000)
    for step, seconds in glue["steps"].items():
        emit(f"sync_full_{records}_glue_dlt_{step}_seconds", seconds, "s (from dlt's trace)")
    emit_load_average(f"sync_full_{records}_machine_load")


def main(argv: list[str] | None = None) -> None:
    parser = command_line("python -m bench.sync", __doc__)
    parser.add_argument("--records", type=int, default=1_000_000, help="contacts to sync (default 1,000,000)")
    parser.add_argument("--small-records", type=int, default=None,
                        help="a second, smaller size run first, to see whether memory grows with N "
                             "(default records/10; 0 to skip)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed per sync (default 3600)")
    args = parser.parse_args(argv)
    exit_on_sigterm()
    small = args.records // 10 if args.small_records is None else args.small_records
    with PostgresServer() as pg:
        for records in ([small] if small else []) + [args.records]:
            measure(pg, records, args.timeout)


if __name__ == "__main__":
    main()
