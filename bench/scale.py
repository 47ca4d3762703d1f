"""Scale: N HubSpot connections (default 10,000) x 5 objects syncing hourly on the production instance config
(PostgreSQL storage, QueuedRunCoordinator): sensor times, run creation, runs/hour, store rows per hour, memory,
and the first limit hit.

    python -m bench.scale                                  # 10,000 connections, 50 real sample runs
    python -m bench.scale --quick                          # 50 connections, 2 sample runs: a smoke test
    python -m bench.scale --connections 2000 --sample 20 --create 200

Part 1, measured at full size, in this process: the store holds N connections (the first --sample made by the
API's services, the rest bulk-inserted as the same rows), every sync due. The connections sensor and the
hubspot due-syncs sensor are evaluated as the code server evaluates them (``evaluate_tick``); the partitions are
added as the daemon adds them; then --create of the run requests become queued runs through the sensor daemon's
own submission function (``dagster._daemon.sensor._submit_run_request`` on an in-process code location: the
execution plan and the run are built as the daemon builds them, without its gRPC round trip), serially or on
``sensors.num_submit_workers`` threads as the instance config says. Creating all requests is extrapolated from
the per-run cost.

Part 2, sampled: every connection but the first --sample is marked synced (a successful sync run ending now),
then ``dagster-daemon run`` serves the definitions on a fresh instance database with the production config
(default 60 s sensor timeout): its connections sensor adds the N partitions, its due-syncs sensor requests the
sample's runs, and the run queue launches them (one process per run, --max-concurrent-runs at once); each run
syncs 5 objects of --records records from the HubSpot emulator into PostgreSQL. Measured: run wall time, runs
per hour, the daemon's run creation rate, launch overhead (run wall time minus the Glue sync time inside it),
rows and bytes each run adds to Glue's store and to Dagster's, and the peak RSS of the daemon, its code server
and a run. Extrapolated: those per-run figures times the runs N hourly connections need.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from bench.emulator import EmulatorProcess
from bench.postgres import PostgresServer
from bench.report import command_line, current_rss_mb, emit, emit_load_average, exit_on_sigterm, note
from bench.scale_launch import (
    apply_partition_requests, connections_in, evaluate, function_only_seconds, in_process_workspace, submit,
)
from bench.scale_seed import mark_synced, seed_many
from bench.scale_watch import GroupMemory, growth, table_stats
from bench.schedule import Daemon, dagster_home, failure_message
from bench.store import new_store, postgres_destination

SCHEMA = "crm"
OBJECTS = ["contacts", "companies", "deals", "leads", "owners"]
DUE_SENSOR = "hubspot_due_syncs"
SENSOR_TIMEOUT = 60  # Dagster's default DAGSTER_SENSOR_GRPC_TIMEOUT_SECONDS
PERIOD = 3600  # hourly syncs
# Dagster tables that grow with instigators, partitions or the daemon itself, not with runs
NOT_PER_RUN = {"dynamic_partitions", "asset_keys", "job_ticks", "jobs", "instigators", "kvs", "daemon_heartbeats",
               "secondary_indexes", "alembic_version", "asset_daemon_asset_evaluations"}


def measure_launch_side(n: int, create: int, pg: PostgresServer, workdir: str, max_concurrent_runs: int,
                        ids: list[str]) -> dict:
    """Part 1: the sensors on N due connections and run creation, in this process; figures for the limits."""
    import dagster as dg

    env = dagster_home(workdir, pg, max_concurrent_runs)
    os.environ.update(env)
    with dg.DagsterInstance.get() as instance:
        rss_before = current_rss_mb()
        connections = evaluate("connections_sensor", instance)
        add_seconds, added = apply_partition_requests(instance, connections.data)
        if added != n:
            raise RuntimeError(f"the connections sensor added {added} partitions for {n} connections")
        emit(f"scale_{n}_connections_sensor_evaluation", connections.seconds,
             "s (the code server's evaluation, in process)")
        emit(f"scale_{n}_connections_sensor_add_partitions", add_seconds,
             f"s (instance.add_dynamic_partitions, {added})")
        emit(f"scale_{n}_connections_sensor_peak_rss", connections.peak_rss_mb,
             f"MiB (this process's peak during evaluation; {rss_before:.0f} MiB before)")

        function_seconds, _ = function_only_seconds(DUE_SENSOR, instance)
        due = evaluate(DUE_SENSOR, instance)
        requests = list(due.data.run_requests or [])
        known = set(ids)
        covered = [connections_in(request, known) for request in requests]
        connections_covered = len(set().union(*covered)) if covered else 0
        emit(f"scale_{n}_due_sensor_evaluation", due.seconds,
             f"s (the code server's evaluation, in process, {n} connections due; the daemon allows {SENSOR_TIMEOUT} s)")
        emit(f"scale_{n}_due_sensor_function_only", function_seconds,
             "s (the sensor's own function: Glue's queries and the requests; the rest of the evaluation is Dagster "
             "resolving the requests)")
        emit(f"scale_{n}_due_sensor_run_requests", len(requests), f"run requests covering {connections_covered} "
             f"connections ({connections_covered / max(len(requests), 1):.2f} per request)")
        emit(f"scale_{n}_due_sensor_peak_rss", due.peak_rss_mb, "MiB (this process's peak during evaluation)")
        if connections_covered != n:
            raise RuntimeError(f"the due-syncs sensor's requests cover {connections_covered} of {n} due connections")

        sample = requests[:create]
        with in_process_workspace(instance) as workspace:
            submitted = submit(workspace, DUE_SENSOR, sample)
        per_run = submitted.seconds / max(submitted.runs, 1)
        how = f"{submitted.workers} submit threads" if submitted.workers else "serially"
        emit(f"scale_{n}_run_creation_per_run", per_run,
             f"s (create + submit to the queue, {submitted.runs} runs, {how}, daemon code in process)")
        emit(f"scale_{n}_run_creation_throughput", 3600 / per_run if per_run else 0.0, "runs/hour (measured)")
        create_all = per_run * len(requests)
        emit(f"scale_{n}_run_creation_all_requests", create_all,
             f"s to queue all {len(requests)} requested runs (extrapolated from {submitted.runs})")
        emit(f"scale_{n}_run_creation_peak_rss", submitted.peak_rss_mb,
             "MiB (this process's peak while creating; it still held the evaluations' memory)")

        queued = dg.RunsFilter(statuses=[dg.DagsterRunStatus.QUEUED])
        started = time.perf_counter()
        depth = len(instance.get_run_records(queued))
        emit(f"scale_{n}_queue_read_at_depth_{depth}", time.perf_counter() - started,
             "s (the run queue's read of every queued run, at this depth)")
        rows = table_stats(make_url(pg.url).set(database=env["DAGSTER_PG_DB"]).render_as_string(hide_password=False))
        # per queued run: its row, its tags and its enqueue events
        queued_rows = sum(rows.get(t, (0, 0))[0] for t in ("runs", "run_tags", "event_logs")) / max(depth, 1)
        emit(f"scale_{n}_rows_per_queued_run", queued_rows, "Dagster rows (runs, run_tags, event_logs) per queued run")
    return {"env": env, "requests": len(requests), "connections_tick": connections.seconds + add_seconds,
            "due_tick": due.seconds,
            "create_all": create_all, "create_per_run": per_run}


def sample_real_runs(n: int, sample: int, objects: int, pg: PostgresServer, workdir: str, config, ids: list[str],
                     launch_env: dict, timeout: float) -> dict:
    """Part 2: the daemon on the production config, the first ``sample`` connections due, real syncs."""
    import dagster as dg

    from glue_api.db import make_engine
    from glue_api.models import Sync, SyncRun

    marked = mark_synced(config, ids[sample:])
    note(f"{marked} syncs marked synced; {sample} connections due")
    home = Path(workdir) / "sample"
    home.mkdir()
    shutil.copy(Path(launch_env["DAGSTER_HOME"]) / "dagster.yaml", home / "dagster.yaml")
    dagster_url = pg.create_database("dagster_sample")
    env = {**launch_env, "DAGSTER_HOME": str(home), "DAGSTER_PG_DB": "dagster_sample"}
    os.environ.update(env)
    glue_before = table_stats(config.database_url)
    with ExitStack() as stack:
        instance = stack.enter_context(dg.DagsterInstance.get())
        dagster_before = table_stats(dagster_url)
        note("starting dagster-daemon")
        daemon = Daemon(os.path.join(workdir, "workspace.yaml"), env, os.path.join(workdir, "daemon.log"))
        stack.callback(daemon.stop)
        memory = GroupMemory(daemon.process.pid).start()
        stack.callback(memory.stop)
        started = time.monotonic()
        store = make_engine(config.database_url)
        stack.callback(store.dispose)
        expected = sample * objects
        finished_filter = dg.RunsFilter(statuses=[dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE,
                                                  dg.DagsterRunStatus.CANCELED])
        while True:
            with store.connect() as db:
                done = db.execute(select(SyncRun.id).join(Sync, Sync.id == SyncRun.sync_id).where(
                    Sync.connection_id.in_(ids[:sample]), SyncRun.status != "IN_PROGRESS")).all()
            runs, finished = instance.get_runs_count(), instance.get_runs_count(finished_filter)
            if len(done) >= expected and runs and finished == runs:
                break
            if time.monotonic() - started > timeout:
                note(f"timed out: {len(done)} of {expected} sample syncs finished, {finished}/{runs} runs")
                break
            if daemon.process.poll() is not None:
                raise RuntimeError(f"dagster-daemon exited; see {daemon.log_path}")
            time.sleep(2)
        records = instance.get_run_records(dg.RunsFilter(tags={"glue/provider": "hubspot"}))
        daemon.stop()
        memory.stop()
        spans, connections_synced = sync_spans(store)
        for record in [r for r in records if r.dagster_run.status == dg.DagsterRunStatus.FAILURE][:3]:
            note(f"run {record.dagster_run.run_id} failed: {failure_message(instance, record.dagster_run.run_id)}")
    events, ticks = dagster_breakdown(dagster_url)
    glue_growth = growth(glue_before, table_stats(config.database_url))
    dagster_growth = growth(dagster_before, table_stats(dagster_url))
    finished = [r for r in records if r.dagster_run.status.value in ("SUCCESS", "FAILURE")
                and r.start_time and r.end_time]
    failed = [r for r in finished if r.dagster_run.status.value == "FAILURE"]
    if not finished:
        raise RuntimeError(f"no sample run finished within {timeout} s; see {os.path.join(workdir, 'daemon.log')}")
    walls = [r.end_time - r.start_time for r in finished]
    overheads = [wall - (spans[r.dagster_run.run_id][1] - spans[r.dagster_run.run_id][0]).total_seconds()
                 for r, wall in zip(finished, walls) if r.dagster_run.run_id in spans]
    created = sorted(r.create_timestamp.timestamp() for r in records)
    starts, ends = min(r.start_time for r in finished), max(r.end_time for r in finished)
    concurrency = max_concurrent_runs(home)
    out = {"runs": len(finished), "failed": len(failed), "wall": statistics.median(walls),
           "overhead": statistics.median(overheads) if overheads else 0.0,
           "per_hour": len(finished) / (ends - starts) * 3600 if ends > starts else 0.0,
           "create_rate": (len(created) - 1) / (created[-1] - created[0]) if created[-1] > created[0] else 0.0,
           "concurrency": concurrency, "memory": memory.peak_mb, "most_runs_at_once": memory.most_runs_at_once}
    connections_synced = max(connections_synced, 1)
    out["glue_rows_per_connection"] = {t: glue_growth[t][0] / connections_synced for t in ("sync_runs", "events")}
    out["glue_bytes_per_connection"] = sum(glue_growth[t][1] for t in ("sync_runs", "events", "syncs")
                                           ) / connections_synced
    per_run = {t: g for t, g in dagster_growth.items() if t not in NOT_PER_RUN and (g[0] or g[1])}
    out["dagster_rows_per_run"] = {t: rows / len(records) for t, (rows, _) in per_run.items()}
    out["dagster_bytes_per_run"] = sum(size for _, size in per_run.values()) / len(records)
    out["event_types_per_run"] = {kind: count / len(records) for kind, count in events.items()}
    out["ticks"] = ticks
    # event log rows outside runs (partition and daemon bookkeeping) do not grow with runs
    outside = sum(count for kind, count in events.items() if kind.startswith("outside runs"))
    out["dagster_rows_per_run"]["event_logs"] = (dagster_growth["event_logs"][0] - outside) / len(records)
    return out


def sync_spans(store) -> tuple[dict, int]:
    """Per Dagster run, the first start and last end of the Glue sync runs it made; and the connections they
    synced (a batch run syncs several)."""
    from glue_api.models import Sync, SyncRun

    spans = {}
    with store.connect() as db:
        rows = db.execute(select(SyncRun.orchestrator_run_id, SyncRun.start_timestamp, SyncRun.end_timestamp,
                                 Sync.connection_id).join(Sync, Sync.id == SyncRun.sync_id)
                          .where(SyncRun.orchestrator_run_id.is_not(None))).all()
    for run_id, start, end, _ in rows:
        first, last = spans.get(run_id, (start, end or start))
        spans[run_id] = (min(first, start), max(last, end or start))
    return spans, len({connection_id for *_, connection_id in rows})


def dagster_breakdown(dagster_url: str) -> tuple[dict[str, int], dict[str, int]]:
    """Event log rows of runs by event type, and sensor ticks by status."""
    engine = create_engine(dagster_url)
    with engine.connect() as db:
        events = dict(db.execute(text(
            "SELECT CASE WHEN coalesce(run_id, '') = '' THEN 'outside runs: ' ELSE '' END "
            "|| coalesce(dagster_event_type, 'log message'), count(*) FROM event_logs GROUP BY 1 ORDER BY 2 DESC"
        )).all())
        ticks = {}
        for status, body in db.execute(text("SELECT status, tick_body FROM job_ticks")):
            tick = json.loads(body)
            error = (tick.get("error") or {}).get("message", "")
            key = f"{status} {tick.get('job_name')}" + (f" ({error.strip().splitlines()[0][:160]})" if error else "")
            ticks[key] = ticks.get(key, 0) + 1
    engine.dispose()
    return events, ticks


def max_concurrent_runs(home: Path) -> int:
    import yaml

    return int(yaml.safe_load((home / "dagster.yaml").read_text())["concurrency"]["runs"]["max_concurrent_runs"])


def report_sample(n: int, s: dict, launch: dict) -> dict:
    emit(f"scale_{n}_sample_runs", s["runs"], f"real runs finished ({s['failed']} failed), 5 objects each, "
         f"{s['concurrency']} at once")
    emit(f"scale_{n}_sample_run_seconds_median", s["wall"], "s (a run's wall time, process start to end)")
    emit(f"scale_{n}_sample_launch_overhead_median", s["overhead"],
         "s (run wall time minus the Glue sync time inside it: process start, step, events)")
    emit(f"scale_{n}_sample_runs_per_hour", s["per_hour"], f"runs/hour measured ({s['concurrency']} concurrent runs)")
    launch_only = 3600 / s["overhead"] * s["concurrency"] if s["overhead"] else 0.0
    emit(f"scale_{n}_launch_side_runs_per_hour", launch_only,
         f"runs/hour if syncs took no time (3600 / overhead x {s['concurrency']})")
    emit(f"scale_{n}_daemon_run_creation_rate", s["create_rate"] * 3600,
         "runs/hour the daemon's sensor tick created (sample's create timestamps)")
    for kind in ("daemon", "code_server", "run"):
        emit(f"scale_{n}_{kind}_peak_rss", s["memory"].get(kind, 0.0),
             "MiB (largest process of that kind, sampled 1/s)")
    failed_ticks = {key: count for key, count in s["ticks"].items() if key.startswith("FAILURE")}
    emit(f"scale_{n}_daemon_failed_sensor_ticks", sum(failed_ticks.values()),
         f"failed ticks of {sum(s['ticks'].values())}: "
         + ("; ".join(f"{k} x{c}" for k, c in failed_ticks.items()) or "none"))
    note(f"at most {s['most_runs_at_once']} run processes (runs and their steps) at once")
    note("event log rows per run by type: " + ", ".join(f"{kind} {count:.1f}"
                                                       for kind, count in s["event_types_per_run"].items()))
    needed = launch["requests"]
    glue_rows = sum(s["glue_rows_per_connection"].values())
    dagster_rows = sum(s["dagster_rows_per_run"].values())
    emit(f"scale_{n}_glue_rows_per_hour", glue_rows * n,
         "rows/hour (extrapolated: " + ", ".join(f"{t} {v:.1f}" for t, v in s["glue_rows_per_connection"].items())
         + f" per connection x {n})")
    emit(f"scale_{n}_dagster_rows_per_hour", dagster_rows * needed,
         "rows/hour (extrapolated: " + ", ".join(f"{t} {v:.1f}" for t, v in sorted(s["dagster_rows_per_run"].items()))
         + f" per run x {needed} runs)")
    gib_per_day = (s["glue_bytes_per_connection"] * n + s["dagster_bytes_per_run"] * needed) * 24 / 2**30
    emit(f"scale_{n}_store_growth_per_day", gib_per_day, "GiB/day (Glue + Dagster tables with indexes, extrapolated; "
         "nothing is purged)")
    return {"launch_only": launch_only, "measured": s["per_hour"], "dagster_rows_per_run": dagster_rows}


def first_limit(n: int, launch: dict, sampled: dict | None, creation_rate_per_hour: float) -> None:
    """In the order a due hour meets them: each figure against its bound; the first over 1 is where it breaks."""
    needed = launch["requests"]
    checks = [
        ("connections sensor tick vs the 60 s sensor timeout", launch["connections_tick"] / SENSOR_TIMEOUT),
        ("due-syncs sensor evaluation vs the 60 s sensor timeout", launch["due_tick"] / SENSOR_TIMEOUT),
        ("queueing every requested run vs the hour", launch["create_all"] / PERIOD),
        ("runs needed per hour vs the runs/hour run creation sustains", needed / creation_rate_per_hour
         if creation_rate_per_hour else 0.0),
    ]
    if sampled:
        checks.append(("runs needed per hour vs runs/hour measured with real syncs", needed / sampled["measured"]
                       if sampled["measured"] else float("inf")))
    for name, ratio in checks:
        emit(f"scale_{n}_limit_ratio", ratio, name)
    broken = [(name, ratio) for name, ratio in checks if ratio > 1]
    name, ratio = broken[0] if broken else ("none of the limits checked", max(r for _, r in checks))
    emit(f"scale_{n}_first_limit", ratio, f"first limit hit: {name}")


def main(argv: list[str] | None = None) -> None:
    parser = command_line("python -m bench.scale", __doc__)
    parser.add_argument("--connections", type=int, help="HubSpot connections (default 10,000; 50 with --quick)")
    parser.add_argument("--objects", type=int, default=5, choices=range(1, len(OBJECTS) + 1),
                        help="objects each connection syncs, of " + ", ".join(OBJECTS) + " (default 5)")
    parser.add_argument("--sample", type=int,
                        help="connections synced for real by the daemon (default 50; 2 with --quick)")
    parser.add_argument("--create", type=int, help="run requests turned into queued runs in part 1 (default 500; "
                                                   "all with --quick)")
    parser.add_argument("--records", type=int, default=20, help="records of each object in the emulator (default 20)")
    parser.add_argument("--max-concurrent-runs", type=int, default=os.cpu_count() or 2,
                        help="QueuedRunCoordinator's max_concurrent_runs (default: the CPU count)")
    parser.add_argument("--timeout", type=float, default=600, help="bound for the sample runs (default 600 s)")
    parser.add_argument("--quick", action="store_true", help="a smoke test: 50 connections, 2 sample runs")
    args = parser.parse_args(argv)
    exit_on_sigterm()
    n = args.connections or (50 if args.quick else 10_000)
    sample = min(n, args.sample if args.sample is not None else (2 if args.quick else 50))
    create = args.create or (n if args.quick else 500)
    objects = OBJECTS[:args.objects]
    emit_load_average(f"scale_{n}_machine_load_before")

    with PostgresServer() as pg, ExitStack() as stack:
        workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="glue-bench-scale."))
        counts = {name: args.records for name in objects}
        emulator = stack.enter_context(EmulatorProcess(counts))
        config = new_store(pg.create_database("glue_scale"), os.path.join(workdir, "home"), {"hubspot": emulator.url})
        note(f"seeding {n} connections x {len(objects)} objects")
        started = time.perf_counter()
        ids = seed_many(config, postgres_destination(pg.create_database("warehouse_scale"), SCHEMA), objects,
                        [emulator.refresh_token() for _ in range(sample)], n, emulator.refresh_token())
        emit(f"scale_{n}_seeding", time.perf_counter() - started,
             f"s ({sample} connections through the services, {n - sample} bulk-inserted, {len(objects)} syncs each)")
        os.environ.update(config.env())  # the sensors' GlueStoreResource reads GLUE_* as in the daemon

        note("part 1: sensors and run creation at full size")
        launch = measure_launch_side(n, create, pg, workdir, args.max_concurrent_runs, ids)
        emit_load_average(f"scale_{n}_machine_load_part1")
        sampled = None
        if sample:
            note(f"part 2: {sample} real runs through dagster-daemon")
            s = sample_real_runs(n, sample, len(objects), pg, workdir, config, ids, launch["env"], args.timeout)
            sampled = report_sample(n, s, launch)
            emit_load_average(f"scale_{n}_machine_load_part2")
        first_limit(n, launch, sampled, 3600 / launch["create_per_run"] if launch["create_per_run"] else 0.0)


if __name__ == "__main__":
    main()
