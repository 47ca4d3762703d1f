"""Scheduling: with N connections (default 1,000) whose syncs fall due at once, how long until
their runs are requested and started, and how many sync runs per hour one machine sustains.

    python -m bench.schedule                                  # 1,000 connections, 120 s of runs
    python -m bench.schedule --connections 100 --window 60    # a quick check

Two parts. (1) The real due-syncs sensor (``build_due_syncs_sensor("hubspot")``) is evaluated
in-process with ``dg.build_sensor_context`` on a PostgreSQL-backed Dagster instance made from the
project's dagster.yaml: the evaluation time and the run requests it returns. (2) ``dagster-daemon
run`` serves the same definitions on that instance (QueuedRunCoordinator, default run launcher:
one process per run); once its sensor ticks, every sync is triggered at once (that instant is
"due") and the run records are polled: due -> requested (queued) and -> started, then runs
complete for ``--window`` seconds. Each run is a real sync of ``--records`` contacts from the
HubSpot emulator into PostgreSQL. Runs/hour is measured from completions in the window; a
second figure derives it from the median run's wall time times the run concurrency.
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
from pathlib import Path

import yaml
from sqlalchemy import create_engine, text, update
from sqlalchemy.engine import make_url

from bench.emulator import EmulatorProcess
from bench.postgres import PostgresServer
from bench.report import REPO, command_line, emit, exit_on_sigterm, note
from bench.store import GlueConfig, new_store, postgres_destination, seed_hubspot

SCHEMA = "crm"
STARTED_OR_LATER = ("STARTED", "SUCCESS", "FAILURE", "CANCELING", "CANCELED")


def dagster_home(workdir: str, pg: PostgresServer, max_concurrent_runs: int) -> dict[str, str]:
    """A DAGSTER_HOME with the project's dagster.yaml (PostgreSQL storage, queued runs) and its env."""
    home = Path(workdir) / "dagster"
    home.mkdir()
    config = yaml.safe_load((REPO / "dagster.yaml").read_text())
    config["run_coordinator"]["config"]["max_concurrent_runs"] = max_concurrent_runs
    (home / "dagster.yaml").write_text(yaml.safe_dump(config))
    (Path(workdir) / "workspace.yaml").write_text(yaml.safe_dump({"load_from": [{"python_module": {
        "module_name": "glue_pipelines.definitions", "attribute": "defs", "working_directory": str(REPO)}}]}))
    url = make_url(pg.create_database("dagster"))
    return {"DAGSTER_HOME": str(home), "DAGSTER_PG_HOST": url.host, "DAGSTER_PG_PORT": str(url.port),
            "DAGSTER_PG_USER": url.username, "DAGSTER_PG_PASSWORD": url.password, "DAGSTER_PG_DB": url.database}


def evaluate_sensor(instance, config: GlueConfig) -> tuple[float, int]:
    """Seconds of one evaluation, and the run requests it returned."""
    import dagster as dg

    from glue_pipelines.resources import GlueStoreResource
    from glue_pipelines.sensors import build_due_syncs_sensor

    sensor = build_due_syncs_sensor("hubspot")
    resource = GlueStoreResource(database_url=config.database_url, secret_key=config.secret_key, home=config.home)
    with dg.build_sensor_context(instance=instance, resources={"glue": resource}) as context:
        started = time.perf_counter()
        requests = sensor(context)
        seconds = time.perf_counter() - started
    return seconds, 0 if isinstance(requests, dg.SkipReason) else len(requests)


def set_due(config: GlueConfig, due: bool) -> float:
    """Triggers every sync (or clears the triggers) in one transaction; the wall-clock instant it committed."""
    from glue_api.db import make_engine, make_session_factory, transaction
    from glue_api.models import Sync
    from glue_api.models.base import utcnow

    engine = make_engine(config.database_url)
    with transaction(make_session_factory(engine)) as session:
        session.execute(update(Sync).values(trigger_requested_at=utcnow() if due else None))
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


def watch_runs(instance, expected: int, window: float, timeout: float) -> float:
    """Polls until every run is requested and runs have completed for ``window`` seconds (or all did)."""
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


def main(argv: list[str] | None = None) -> None:
    parser = command_line("python -m bench.schedule", __doc__)
    parser.add_argument("--connections", type=int, default=1000, help="connections with a due sync (default 1,000)")
    parser.add_argument("--records", type=int, default=100, help="contacts each run syncs (default 100)")
    parser.add_argument("--max-concurrent-runs", type=int, default=os.cpu_count() or 2,
                        help="QueuedRunCoordinator's max_concurrent_runs (default: the CPU count)")
    parser.add_argument("--window", type=float, default=120, help="seconds of runs completing to measure (default 120)")
    parser.add_argument("--sensor-timeout", type=float, default=900,
                        help="DAGSTER_SENSOR_GRPC_TIMEOUT_SECONDS for the daemon (Dagster's default: 60; default 900)")
    parser.add_argument("--timeout", type=float, default=1800,
                        help="overall bound for the daemon part (default 1800 s)")
    args = parser.parse_args(argv)
    exit_on_sigterm()
    n = args.connections

    import dagster as dg

    with PostgresServer() as pg, ExitStack() as stack:
        workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="glue-bench-schedule."))
        emulator = stack.enter_context(EmulatorProcess({"contacts": args.records, "owners": 10}))
        warehouse_url = pg.create_database("warehouse_schedule")
        config = new_store(pg.create_database("glue_schedule"), os.path.join(workdir, "home"),
                           {"hubspot": emulator.url})
        note(f"seeding {n} connections")
        tokens = [emulator.refresh_token() for _ in range(n)]
        ids = seed_hubspot(config, postgres_destination(warehouse_url, SCHEMA), ["contacts"], tokens,
                           auto_start_on_connection=False)
        env = {**config.env(), **dagster_home(workdir, pg, args.max_concurrent_runs),
               "DAGSTER_SENSOR_GRPC_TIMEOUT_SECONDS": str(int(args.sensor_timeout))}
        os.environ.update(env)  # the instance below reads DAGSTER_HOME and DAGSTER_PG_*

        instance = stack.enter_context(dg.DagsterInstance.get())
        instance.add_dynamic_partitions("hubspot_connections", ids)  # as the connections sensor would
        set_due(config, True)
        seconds, requests = evaluate_sensor(instance, config)
        if requests != n:
            raise RuntimeError(f"the sensor requested {requests} runs for {n} due connections")
        emit(f"schedule_{n}_sensor_evaluation", seconds,
             f"s (in-process, {requests} run requests; the daemon gives a sensor {args.sensor_timeout:g} s here, "
             "Dagster's default is 60 s)")

        # the daemon must be up, its sensor ticking on nothing due, before the syncs fall due
        set_due(config, False)
        note("starting dagster-daemon")
        daemon = Daemon(os.path.join(workdir, "workspace.yaml"), env, os.path.join(workdir, "daemon.log"))
        stack.callback(daemon.stop)
        daemon.wait_for("hubspot_due_syncs", 180)
        due = set_due(config, True)
        note(f"{n} syncs due; watching runs")
        ended = watch_runs(instance, n, args.window, args.timeout)
        # read before stopping: stopping the daemon kills the runs in flight, which then end as failures
        records = instance.get_run_records(dg.RunsFilter(tags={"glue/provider": "hubspot"}))
        daemon.stop()
        created = sorted(r.create_timestamp.timestamp() for r in records)
        starts = sorted(r.start_time for r in records if r.start_time)
        finished = [r for r in records
                    if r.dagster_run.status in (dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE)]
        failed = [r for r in finished if r.dagster_run.status == dg.DagsterRunStatus.FAILURE]
        ends = sorted(r.end_time for r in finished if r.end_time)
        durations = [r.end_time - r.start_time for r in finished if r.start_time and r.end_time]
        emit(f"schedule_{n}_due_to_first_run_requested", created[0] - due,
             "s (sensor tick + evaluation + run creation)")
        emit(f"schedule_{n}_due_to_all_runs_requested", created[-1] - due, f"s ({len(created)} runs queued)")
        emit(f"schedule_{n}_due_to_first_run_started", starts[0] - due, "s")
        start_rate = (len(starts) - 1) / (starts[-1] - starts[0]) if len(starts) > 1 else 0.0
        emit(f"schedule_{n}_due_to_last_run_started_projected", starts[0] - due + n / start_rate if start_rate else 0,
             f"s (first start + {n} / measured start rate {start_rate:.3f}/s)")
        rate = (len(ends) - 1) / (ends[-1] - ends[0]) * 3600 if len(ends) > 1 else 0.0
        emit("schedule_sync_runs_per_hour_measured", rate,
             f"runs/hour ({len(finished)} runs of {args.records} contacts completed in {ended - due:.0f} s, "
             f"max_concurrent_runs={args.max_concurrent_runs})")
        median = statistics.median(durations) if durations else 0.0
        emit("schedule_sync_run_seconds_median", median, "s (one run's wall time, process start to end, under load)")
        emit("schedule_sync_runs_per_hour_derived", 3600 / median * args.max_concurrent_runs if median else 0.0,
             f"runs/hour (3600 / median run seconds x {args.max_concurrent_runs} concurrent runs)")
        emit(f"schedule_{n}_failed_runs", len(failed), "runs")
        for record in failed[:3]:
            note(f"run {record.dagster_run.run_id} failed: {failure_message(instance, record.dagster_run.run_id)}")
        succeeded = {r.dagster_run.tags["glue/connection"]: args.records for r in finished if r not in failed}
        emit(f"schedule_{n}_successful_runs_missing_rows", rows_missing(warehouse_url, config, succeeded),
             f"of {len(succeeded)} successful runs whose customer has fewer than {args.records} rows")


if __name__ == "__main__":
    main()
