"""Scheduling: with N connections (default 1,000) whose syncs fall due at once, how long until
their runs are requested and started, and how many sync runs per hour one machine sustains.

    python -m bench.schedule                                  # 1,000 connections, 120 s of runs
    python -m bench.schedule --connections 100 --window 60    # a quick check
    python -m bench.schedule --batch-size 1                   # one run per connection, as before batching

Two parts. (1) The real due-syncs sensor (``build_due_syncs_sensor("hubspot")``) is evaluated
in-process with ``dg.build_sensor_context`` on a PostgreSQL-backed Dagster instance made from the
project's dagster.yaml: the evaluation time and the run requests it returns. (2) ``dagster-daemon
run`` serves the same definitions on that instance (QueuedRunCoordinator, default run launcher:
one process per run, steps in that process); once its sensor ticks, every sync is triggered at
once (that instant is "due") and the run records are polled: due -> requested (queued) and ->
started, then runs complete for ``--window`` seconds. The sensor puts up to ``--batch-size``
connections in one run (GLUE_SYNC_BATCH_SIZE). Each connection's sync is a real sync of
``--records`` contacts from the HubSpot emulator into PostgreSQL. Rates are measured from
completions in the window: Glue sync runs (one per connection) and Dagster runs per hour. (3)
A few connections are then triggered one at a time: single-connection runs, the UI's kind.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import timezone
from pathlib import Path

import yaml
from sqlalchemy import create_engine, text, update
from sqlalchemy.engine import make_url

from bench.emulator import EmulatorProcess
from bench.postgres import PostgresServer
from bench.report import REPO, command_line, emit, emit_load_average, exit_on_sigterm, note
from bench.store import GlueConfig, new_store, postgres_destination, seed_hubspot

SCHEMA = "crm"
STARTED_OR_LATER = ("STARTED", "SUCCESS", "FAILURE", "CANCELING", "CANCELED")


def dagster_home(workdir: str, pg: PostgresServer, max_concurrent_runs: int) -> dict[str, str]:
    """A DAGSTER_HOME with the project's dagster.yaml (PostgreSQL storage, queued runs) and its env."""
    home = Path(workdir) / "dagster"
    home.mkdir()
    config = yaml.safe_load((REPO / "dagster.yaml").read_text())
    config["concurrency"]["runs"]["max_concurrent_runs"] = max_concurrent_runs
    (home / "dagster.yaml").write_text(yaml.safe_dump(config))
    (Path(workdir) / "workspace.yaml").write_text(yaml.safe_dump({"load_from": [{"python_module": {
        "module_name": "glue_pipelines.definitions", "attribute": "defs", "working_directory": str(REPO)}}]}))
    url = make_url(pg.create_database("dagster"))
    return {"DAGSTER_HOME": str(home), "DAGSTER_PG_HOST": url.host, "DAGSTER_PG_PORT": str(url.port),
            "DAGSTER_PG_USER": url.username, "DAGSTER_PG_PASSWORD": url.password, "DAGSTER_PG_DB": url.database}


def evaluate_sensor(instance, config: GlueConfig) -> tuple[float, int]:
    """Seconds of one evaluation, and the connections its run requests cover."""
    import dagster as dg

    from glue_pipelines.resources import GlueStoreResource
    from glue_pipelines.sensors import build_due_syncs_sensor

    sensor = build_due_syncs_sensor("hubspot")
    resource = GlueStoreResource(database_url=config.database_url, secret_key=config.secret_key, home=config.home)
    with dg.build_sensor_context(instance=instance, resources={"glue": resource}) as context:
        started = time.perf_counter()
        requests = sensor(context)
        seconds = time.perf_counter() - started
    if isinstance(requests, dg.SkipReason):
        return seconds, 0
    return seconds, sum(int(r.tags.get("glue/batch", 1)) for r in requests)


def set_due(config: GlueConfig, due: bool, connection_ids: list[str] | None = None) -> float:
    """Triggers every sync (or those of ``connection_ids``), or clears the triggers, in one transaction; the
    wall-clock instant it committed."""
    from glue_api.db import make_engine, make_session_factory, transaction
    from glue_api.models import Sync
    from glue_api.models.base import utcnow

    engine = make_engine(config.database_url)
    with transaction(make_session_factory(engine)) as session:
        query = update(Sync) if connection_ids is None else update(Sync).where(Sync.connection_id.in_(connection_ids))
        session.execute(query.values(trigger_requested_at=utcnow() if due else None))
    engine.dispose()
    return time.time()


class Daemon:
    """``dagster-daemon run`` in its own process group (its code server and runs stop with it)."""

    def __init__(self, workspace: str, env: dict[str, str], log_path: str):
        self.log_path = log_path
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "dagster-daemon"), "run", "-w", workspace],
            env={**os.environ, **env}, cwd=REPO, stdout=open(log_path, "w"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_for(self, needle: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dagster-daemon exited; see {self.log_path}")
            if needle in Path(self.log_path).read_text():
                return
            time.sleep(0.5)
        raise RuntimeError(f"dagster-daemon did not log {needle!r} within {timeout} s; see {self.log_path}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        try:  # runs still executing belong to the same group
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def sync_runs(config: GlueConfig) -> list[tuple[str, str, float, float | None]]:
    """Every Glue sync run: (connection id, status, start, end) in epoch seconds."""
    from glue_api.db import make_engine
    from glue_api.models import Sync, SyncRun

    engine = make_engine(config.database_url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            f"SELECT s.connection_id, r.status, r.start_timestamp, r.end_timestamp FROM {SyncRun.__tablename__} r "
            f"JOIN {Sync.__tablename__} s ON s.id = r.sync_id")).all()
    engine.dispose()

    def epoch(moment):
        return None if moment is None else moment.replace(tzinfo=moment.tzinfo or timezone.utc).timestamp()

    return [(cid, status, epoch(start), epoch(end)) for cid, status, start, end in rows]


def watch_runs(instance, expected: int, window: float, timeout: float) -> float:
    """Polls until ``expected`` runs are requested and runs have completed for ``window`` seconds (or all did)."""
    import dagster as dg

    deadline = time.monotonic() + timeout
    first_started = None
    started_filter = dg.RunsFilter(statuses=[dg.DagsterRunStatus[s] for s in STARTED_OR_LATER])
    done_filter = dg.RunsFilter(statuses=[dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE])
    while time.monotonic() < deadline:
        requested = instance.get_runs_count()
        if first_started is None and instance.get_runs_count(started_filter):
            first_started = time.monotonic()
        if instance.get_runs_count(done_filter) >= expected:
            return time.time()
        if requested >= expected and first_started and time.monotonic() - first_started >= window:
            return time.time()
        time.sleep(1)
    raise RuntimeError(f"runs were not requested and started within {timeout} s")


def failure_message(instance, run_id: str) -> str:
    import dagster as dg

    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_FAILURE):
        error = entry.dagster_event.step_failure_data.error
        while error.cause is not None:
            error = error.cause
        return error.message.strip()[:500]
    for entry in instance.all_logs(run_id, of_type={dg.DagsterEventType.RUN_FAILURE, dg.DagsterEventType.ENGINE_EVENT}):
        if entry.dagster_event.event_type == dg.DagsterEventType.RUN_FAILURE or "rror" in (entry.message or ""):
            return (entry.message or "").strip()[:500]
    return "no failure recorded"


def rows_missing(warehouse_url: str, config: GlueConfig, succeeded: dict[str, int]) -> int:
    """Successful runs (by connection id -> records synced) whose customer has fewer rows than that."""
    from glue_api.db import make_engine
    from glue_api.models import Connection, Customer

    store = make_engine(config.database_url)
    with store.connect() as connection:
        external = dict(connection.execute(
            text(f"SELECT c.id, u.external_id FROM {Connection.__tablename__} c "
                 f"JOIN {Customer.__tablename__} u ON u.id = c.customer_id")).all())
    store.dispose()
    warehouse = create_engine(warehouse_url)
    with warehouse.connect() as connection:
        rows = dict(connection.execute(text(
            f"SELECT _glue_customer_id, count(*) FROM {SCHEMA}.hubspot_contacts "
            "WHERE NOT _glue_is_deleted GROUP BY 1")).all())
    warehouse.dispose()
    return sum(1 for cid, records in succeeded.items() if rows.get(external[cid], 0) < records)


def wait_until_idle(instance, timeout: float) -> None:
    import dagster as dg

    from glue_pipelines.live_runs import ACTIVE_RUN_STATUSES

    deadline = time.monotonic() + timeout
    while instance.get_runs_count(dg.RunsFilter(statuses=ACTIVE_RUN_STATUSES)):
        if time.monotonic() > deadline:
            raise RuntimeError(f"runs still active after {timeout} s")
        time.sleep(1)


def timeline(instance, run_id: str) -> str:
    """Seconds from the run's creation to each of its main events."""
    import dagster as dg

    wanted = {dg.DagsterEventType.RUN_STARTING, dg.DagsterEventType.RUN_START, dg.DagsterEventType.STEP_START,
              dg.DagsterEventType.ASSET_MATERIALIZATION, dg.DagsterEventType.STEP_SUCCESS,
              dg.DagsterEventType.RUN_SUCCESS}
    created = instance.get_run_record_by_id(run_id).create_timestamp.timestamp()
    return ", ".join(f"{entry.dagster_event.event_type_value} {entry.timestamp - created:.1f}"
                     for entry in instance.all_logs(run_id, of_type=wanted))


def single_runs(instance, config: GlueConfig, ids: list[str], timeout: float) -> tuple[list[float], list[float]]:
    """Triggers each connection alone and waits for its run: per run, its wall time from start (the run
    process has loaded Glue's code) to end, and from its launch (dequeued) to end."""
    import dagster as dg

    seconds, launched = [], []
    for connection_id in ids:
        set_due(config, True, [connection_id])
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            records = instance.get_run_records(dg.RunsFilter(tags={"glue/connection": connection_id}))
            done = [r for r in records if r.dagster_run.is_finished and r.start_time and r.end_time]
            if done:
                seconds.append(done[0].end_time - done[0].start_time)
                starting = instance.all_logs(done[0].dagster_run.run_id, of_type=dg.DagsterEventType.RUN_STARTING)
                launched.append(done[0].end_time - starting[0].timestamp)
                note(f"run {done[0].dagster_run.run_id}: {timeline(instance, done[0].dagster_run.run_id)}")
                break
            time.sleep(0.5)
        else:
            raise RuntimeError(f"the run of connection {connection_id} did not finish within {timeout} s")
    return seconds, launched


def main(argv: list[str] | None = None) -> None:
    parser = command_line("python -m bench.schedule", __doc__)
    parser.add_argument("--connections", type=int, default=1000, help="connections with a due sync (default 1,000)")
    parser.add_argument("--records", type=int, default=100, help="contacts each run syncs (default 100)")
    parser.add_argument("--max-concurrent-runs", type=int, default=os.cpu_count() or 2,
                        help="max_concurrent_runs of the instance's run queue (default: the CPU count)")
    parser.add_argument("--batch-size", type=int, default=20,
                        help="GLUE_SYNC_BATCH_SIZE: connections per run when many fall due (default 20, Glue's)")
    parser.add_argument("--single-runs", type=int, default=3,
                        help="connections then triggered one at a time, each a run of its own (default 3)")
    parser.add_argument("--window", type=float, default=120, help="seconds of runs completing to measure (default 120)")
    parser.add_argument("--sensor-timeout", type=float, default=900,
                        help="DAGSTER_SENSOR_GRPC_TIMEOUT_SECONDS for the daemon (Dagster's default: 60; default 900)")
    parser.add_argument("--timeout", type=float, default=1800,
                        help="overall bound for the daemon part (default 1800 s)")
    args = parser.parse_args(argv)
    exit_on_sigterm()
    n, size = args.connections, args.batch_size
    expected_runs = -(-n // size)

    import dagster as dg

    with PostgresServer() as pg, ExitStack() as stack:
        workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="glue-bench-schedule."))
        emulator = stack.enter_context(EmulatorProcess({"contacts": args.records, "owners": 10}))
        warehouse_url = pg.create_database("warehouse_schedule")
        config = new_store(pg.create_database("glue_schedule"), os.path.join(workdir, "home"),
                           {"hubspot": emulator.url})
        note(f"seeding {n} connections")
        tokens = [emulator.refresh_token() for _ in range(n + args.single_runs)]
        ids = seed_hubspot(config, postgres_destination(warehouse_url, SCHEMA), ["contacts"], tokens,
                           auto_start_on_connection=False)
        ids, solo = ids[:n], ids[n:]
        env = {**config.env(), **dagster_home(workdir, pg, args.max_concurrent_runs),
               "DAGSTER_SENSOR_GRPC_TIMEOUT_SECONDS": str(int(args.sensor_timeout)), "GLUE_SYNC_BATCH_SIZE": str(size)}
        os.environ.update(env)  # the instance below reads DAGSTER_HOME and DAGSTER_PG_*

        instance = stack.enter_context(dg.DagsterInstance.get())
        instance.add_dynamic_partitions("hubspot_connections", ids + solo)  # as the connections sensor would
        set_due(config, True, ids)
        seconds, covered = evaluate_sensor(instance, config)
        if covered != n:
            raise RuntimeError(f"the sensor's runs cover {covered} of {n} due connections")
        emit(f"schedule_{n}_sensor_evaluation", seconds,
             f"s (in-process, {expected_runs} run requests for {n} connections, batch size {size}; the daemon gives "
             f"a sensor {args.sensor_timeout:g} s here, Dagster's default is 60 s)")

        # the daemon must be up, its sensor ticking on nothing due, before the syncs fall due
        set_due(config, False)
        note("starting dagster-daemon")
        daemon = Daemon(os.path.join(workdir, "workspace.yaml"), env, os.path.join(workdir, "daemon.log"))
        stack.callback(daemon.stop)
        daemon.wait_for("hubspot_due_syncs", 180)
        emit_load_average("schedule_load_average_before")
        due = set_due(config, True, ids)
        note(f"{n} syncs due; watching runs")
        ended = watch_runs(instance, expected_runs, args.window, args.timeout)
        # read before stopping: stopping the daemon kills the runs in flight, which then end as failures
        records = instance.get_run_records(dg.RunsFilter(tags={"glue/provider": "hubspot"}))
        synced = sync_runs(config)
        emit_load_average("schedule_load_average_during")
        created = sorted(r.create_timestamp.timestamp() for r in records)
        starts = sorted(r.start_time for r in records if r.start_time)
        finished = [r for r in records
                    if r.dagster_run.status in (dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE)]
        failed = [r for r in finished if r.dagster_run.status == dg.DagsterRunStatus.FAILURE]
        ends = sorted(r.end_time for r in finished if r.end_time)
        emit(f"schedule_{n}_due_to_first_run_requested", created[0] - due,
             "s (sensor tick + evaluation + run creation)")
        emit(f"schedule_{n}_due_to_all_runs_requested", created[-1] - due,
             f"s ({len(created)} runs queued for {n} connections)")
        emit(f"schedule_{n}_due_to_first_run_started", starts[0] - due, "s")
        done_syncs = sorted(end for _, status, _, end in synced if end and status in ("SUCCESS", "FAILURE"))
        sync_rate = (len(done_syncs) - 1) / (done_syncs[-1] - done_syncs[0]) * 3600 if len(done_syncs) > 1 else 0.0
        emit("schedule_connection_syncs_per_hour_measured", sync_rate,
             f"Glue sync runs/hour ({len(done_syncs)} connections synced {args.records} contacts each in "
             f"{ended - due:.0f} s, batch size {size}, max_concurrent_runs={args.max_concurrent_runs})")
        rate = (len(ends) - 1) / (ends[-1] - ends[0]) * 3600 if len(ends) > 1 else 0.0
        emit("schedule_dagster_runs_per_hour_measured", rate, f"Dagster runs/hour ({len(finished)} runs completed)")
        per_connection = [(r.end_time - r.start_time) / int(r.dagster_run.tags.get("glue/batch", 1))
                          for r in finished if r.start_time and r.end_time]
        emit("schedule_sync_seconds_per_connection_median",
             statistics.median(per_connection) if per_connection else 0.0,
             "s (a run's wall time, run start (code loaded) to end, over the connections it synced, under load)")
        in_engine = [end - start for _, status, start, end in synced if end and status == "SUCCESS"]
        emit("schedule_sync_run_in_engine_median", statistics.median(in_engine) if in_engine else 0.0,
             "s (one Glue sync run, its start to its end as the store records them)")
        emit(f"schedule_{n}_failed_runs", len(failed), f"Dagster runs of {len(finished)}")
        emit(f"schedule_{n}_failed_sync_runs", sum(1 for _, status, _, _ in synced if status == "FAILURE"),
             f"Glue sync runs of {len(done_syncs)}")
        for record in failed[:3]:
            note(f"run {record.dagster_run.run_id} failed: {failure_message(instance, record.dagster_run.run_id)}")
        succeeded = {cid: args.records for cid, status, _, _ in synced if status == "SUCCESS"}
        emit(f"schedule_{n}_successful_syncs_missing_rows", rows_missing(warehouse_url, config, succeeded),
             f"of {len(succeeded)} connections synced whose customer has fewer than {args.records} rows")

        if args.single_runs:
            note(f"stopping the batch: {args.single_runs} single-connection runs, one at a time")
            set_due(config, False)
            for record in instance.get_run_records(dg.RunsFilter(statuses=[dg.DagsterRunStatus.QUEUED])):
                instance.delete_run(record.dagster_run.run_id)  # the batches not yet started
            wait_until_idle(instance, args.timeout)  # and those started: the single runs run alone
            emit_load_average("schedule_load_average_single_runs")
            alone, launched = single_runs(instance, config, solo, args.timeout)
            emit("schedule_single_connection_run_seconds_median", statistics.median(alone),
                 f"s ({len(alone)} runs of one connection each, run start (code loaded) to end; "
                 f"min {min(alone):.2f} s)")
            emit("schedule_single_connection_launch_to_end_median", statistics.median(launched),
                 "s (the same runs, from the launcher starting the run process to the run's end)")
        daemon.stop()


if __name__ == "__main__":
    main()
