"""One measured step in a fresh process, so its peak RSS is its own:
``python -m bench.worker glue|limit ...`` prints one JSON object (seconds, records, memory).

``glue`` materializes one connection's partition of the real HubSpot multi-asset, as
Dagster does, with Glue's store from the GLUE_* environment; ``limit`` runs bench.limit.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from bench.report import REPO, cpu_seconds, current_rss_mb, peak_rss_mb


def run_worker(args: list[str], env: dict[str, str], timeout: float, log_path: str) -> dict:
    """Runs a worker and returns its result; its log (Dagster's, dlt's) goes to ``log_path``."""
    with open(log_path, "a") as log:
        result = subprocess.run([sys.executable, "-m", "bench.worker", *args], env={**os.environ, **env}, cwd=REPO,
                                stdout=subprocess.PIPE, stderr=log, text=True, timeout=timeout)
    if result.returncode != 0:
        with open(log_path) as log:
            tail = log.read()[-3000:]
        raise RuntimeError(f"bench.worker {args[0]} failed (exit {result.returncode}); log {log_path}:\n{tail}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def materialize(connection_id: str, objects: list[str], instance_dir: str) -> dict:
    import dagster as dg

    from glue_pipelines.assets import build_sync_assets
    from glue_pipelines.resources import GlueStoreResource
    from glue_providers import registry

    assets = build_sync_assets(registry.get("hubspot"))
    os.makedirs(instance_dir, exist_ok=True)
    with dg.DagsterInstance.local_temp(tempdir=instance_dir) as instance:
        if not instance.has_dynamic_partition("hubspot_connections", connection_id):
            instance.add_dynamic_partitions("hubspot_connections", [connection_id])
        before, cpu = current_rss_mb(), cpu_seconds()
        started = time.perf_counter()
        result = dg.materialize(
            [assets], partition_key=connection_id, instance=instance, resources={"glue": GlueStoreResource()},
            selection=[dg.AssetKey(["hubspot", o]) for o in objects],
            tags={"glue/connection": connection_id, "glue/provider": "hubspot"},
        )
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    if not result.success:
        raise RuntimeError("the materialization failed")
    events = result.get_asset_materialization_events()
    records = sum(event.materialization.metadata["records"].value for event in events)
    return {"seconds": seconds, "records": records, "cpu_seconds": cpu, "rss_before_mb": before,
            "peak_rss_mb": peak_rss_mb(), "steps": dlt_steps(connection_id)}


def dlt_steps(connection_id: str) -> dict[str, float]:
    """Seconds of the connection's last dlt run by step (extract, normalize, load), from dlt's trace."""
    import dlt

    from glue_api.config import Settings

    name = "glue_" + connection_id.replace("-", "")  # as glue_pipelines.sync.load.pipeline_for names it
    trace = dlt.attach(pipeline_name=name, pipelines_dir=str(Settings().home / "pipelines")).last_trace
    return {step.step: (step.finished_at - step.started_at).total_seconds()
            for step in trace.steps if step.step in ("extract", "normalize", "load")}


def limit(base_url: str, access_token: str, warehouse_url: str) -> dict:
    from bench.limit import copy_contacts

    before, cpu = current_rss_mb(), cpu_seconds()
    started = time.perf_counter()
    records, copy_seconds = copy_contacts(base_url, access_token, warehouse_url)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    return {"seconds": seconds, "records": records, "cpu_seconds": cpu, "copy_seconds": copy_seconds,
            "rss_before_mb": before, "peak_rss_mb": peak_rss_mb()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.worker", description=__doc__.splitlines()[0])
    steps = parser.add_subparsers(dest="step", required=True)
    glue = steps.add_parser("glue")
    glue.add_argument("--connection", required=True)
    glue.add_argument("--objects", default="contacts")
    glue.add_argument("--instance-dir", required=True)
    plain = steps.add_parser("limit")
    plain.add_argument("--url", required=True)
    plain.add_argument("--token", required=True)
    plain.add_argument("--warehouse", required=True)
    args = parser.parse_args(argv)
    if args.step == "glue":
        outcome = materialize(args.connection, args.objects.split(","), args.instance_dir)
    else:
        outcome = limit(args.url, args.token, args.warehouse)
    print(json.dumps(outcome), flush=True)


if __name__ == "__main__":
    main()
