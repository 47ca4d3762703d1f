"""Full sync throughput and memory: N HubSpot contacts from the emulator into PostgreSQL through
the real Dagster asset, against the limit (a plain fetch + parse + COPY script, bench.limit).

    python -m bench.sync                      # 1,000,000 records, plus 100,000 to see memory growth
    python -m bench.sync --records 20000      # a quick check
    python -m bench.sync --common --records 200000   # the common contact (mapped) against HubSpot's contacts

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


def measure_common(pg: PostgresServer, records: int, timeout: float) -> None:
    """The same full sync landing HubSpot's contacts as they are, then mapped to the common contact."""
    seconds, cpu = {}, {}
    for common in (False, True):
        with ExitStack() as stack:
            kind = "common contact" if common else "contacts"
            note(f"full sync of {records:,} contacts as the {kind}: setting up")
            setting = sync_setting(stack, pg, records, f"sync_{'common' if common else 'standard'}_{records}", common)
            outcome = setting.glue_sync(timeout)
            note(f"{kind}: {outcome}")
        if outcome["records"] != records:
            raise RuntimeError(f"expected {records} records, Glue synced {outcome['records']}")
        seconds[common], cpu[common] = outcome["seconds"], outcome["cpu_seconds"]
        label = "common" if common else "standard"
        emit(f"sync_full_{records}_{label}_records_per_second", records / outcome["seconds"], "records/s")
        emit(f"sync_full_{records}_{label}_peak_rss", outcome["peak_rss_mb"], "MiB")
    emit(f"sync_full_{records}_common_mapping_overhead", seconds[True] / seconds[False] - 1,
         "fraction added to the full sync's time by mapping to the common model (the issue allows 0.20)")
    # CPU time of the syncing process does not depend on what else the machine runs: the steadier figure.
    emit(f"sync_full_{records}_common_mapping_cpu_overhead", cpu[True] / cpu[False] - 1,
         "fraction added to the syncing process's CPU time by mapping to the common model")
    emit_load_average(f"sync_full_{records}_machine_load")


def main(argv: list[str] | None = None) -> None:
    parser = command_line("python -m bench.sync", __doc__)
    parser.add_argument("--records", type=int, default=1_000_000, help="contacts to sync (default 1,000,000)")
    parser.add_argument("--small-records", type=int, default=None,
                        help="a second, smaller size run first, to see whether memory grows with N "
                             "(default records/10; 0 to skip)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed per sync (default 3600)")
    parser.add_argument("--common", action="store_true",
                        help="sync the contacts as HubSpot's and as the common contact, and report what mapping adds")
    args = parser.parse_args(argv)
    exit_on_sigterm()
    if args.common:
        with PostgresServer() as pg:
            measure_common(pg, args.records, args.timeout)
        return
    small = args.records // 10 if args.small_records is None else args.small_records
    with PostgresServer() as pg:
        for records in ([small] if small else []) + [args.records]:
            measure(pg, records, args.timeout)


if __name__ == "__main__":
    main()
