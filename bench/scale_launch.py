"""The launch side of Glue's Dagster deployment, in this process: the sensors evaluated as the code server does
(``dagster._grpc.impl.get_external_sensor_execution``), their partition requests applied and their run requests
turned into queued runs by the sensor daemon's own submission function, on an in-process code location of the real
definitions. These are private Dagster functions on purpose: a benchmark of the launch side must time the code the
daemon and the code server run, and no public API reaches it without a gRPC round trip or a daemon loop."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from bench.report import REPO

LOCATION = "glue_pipelines"


def peak_rss_since_reset_mb() -> float:
    """This process's peak resident set since the last ``reset_peak_rss`` (Linux's VmHWM), in MiB."""
    with open("/proc/self/status") as handle:
        return int(re.search(r"VmHWM:\s+(\d+)", handle.read()).group(1)) / 1024


def reset_peak_rss() -> None:
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")


@dataclass
class Evaluation:
    seconds: float
    peak_rss_mb: float
    data: object  # dagster's SensorExecutionData


def evaluate(sensor_name: str, instance) -> Evaluation:
    """One tick's evaluation of a sensor of Glue's definitions by the code server's own function (its resources
    from the definitions, GLUE_* read from the environment as in the daemon), without the gRPC round trip."""
    from dagster._grpc.impl import get_external_sensor_execution

    from glue_pipelines.definitions import defs

    reset_peak_rss()
    started = time.perf_counter()
    data = get_external_sensor_execution(defs.get_repository_def(), None, instance.get_ref(), sensor_name,
                                         None, None, None, None, None)
    seconds = time.perf_counter() - started
    if hasattr(data, "error") and not hasattr(data, "run_requests"):
        raise RuntimeError(f"sensor {sensor_name} failed: {data.error.to_string()}")
    return Evaluation(seconds, peak_rss_since_reset_mb(), data)


def function_only_seconds(sensor_name: str, instance) -> tuple[float, int]:
    """The sensor's own function alone (Glue's queries, building the requests), without Dagster resolving the
    requests it returns; seconds, and how many it returned."""
    import dagster as dg

    from glue_pipelines.definitions import defs
    from glue_pipelines.resources import GlueStoreResource

    sensor = defs.get_repository_def().get_sensor_def(sensor_name)
    with dg.build_sensor_context(instance=instance, resources={"glue": GlueStoreResource()}) as context:
        started = time.perf_counter()
        result = sensor(context)
        seconds = time.perf_counter() - started
    if isinstance(result, dg.SensorResult):
        result = result.run_requests
    return seconds, len(result) if isinstance(result, list) else 0


def apply_partition_requests(instance, data) -> tuple[float, int]:
    """What the daemon does with a tick's dynamic partition requests; seconds, partitions added."""
    import dagster as dg

    added = 0
    started = time.perf_counter()
    for request in data.dynamic_partitions_requests or []:
        if isinstance(request, dg.AddDynamicPartitionsRequest):
            instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
            added += len(request.partition_keys)
        else:
            for key in request.partition_keys:
                instance.delete_dynamic_partition(request.partitions_def_name, key)
    return time.perf_counter() - started, added


def connections_in(request, known: set[str]) -> set[str]:
    """The connections one run request syncs: its partition (one connection) or, for a batch, every known
    connection id named in its tags or run config; whatever shape a batch request takes."""
    found = {request.partition_key} & known if request.partition_key else set()
    for value in request.tags.values():
        found |= set(re.split(r"[,\s]+", value)) & known
    found |= set(_strings(request.run_config)) & known
    return found


def _strings(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


@contextmanager
def in_process_workspace(instance):
    """The definitions loaded in this process as a code location (no gRPC server), as the daemon sees them."""
    import sys

    from dagster._core.remote_origin import InProcessCodeLocationOrigin
    from dagster._core.types.loadable_target_origin import LoadableTargetOrigin
    from dagster._core.workspace.context import WorkspaceProcessContext
    from dagster._core.workspace.load_target import InProcessWorkspaceLoadTarget

    origin = InProcessCodeLocationOrigin(LoadableTargetOrigin(
        executable_path=sys.executable, module_name="glue_pipelines.definitions", attribute="defs",
        working_directory=str(REPO)), location_name=LOCATION)
    with WorkspaceProcessContext(instance, InProcessWorkspaceLoadTarget(origin)) as context:
        yield context


@dataclass
class Submission:
    runs: int
    seconds: float
    peak_rss_mb: float
    workers: int


def submit(workspace, sensor_name: str, requests: list, tick_id: str = "scale") -> Submission:
    """Creates and submits (queues, under the QueuedRunCoordinator) one run per request with the sensor
    daemon's ``_submit_run_request``, serially or on ``sensors.num_submit_workers`` threads as the daemon would."""
    from dagster._core.storage.dagster_run import DagsterRun
    from dagster._core.utils import make_new_run_id
    from dagster._daemon.sensor import _submit_run_request

    instance = workspace.instance
    location = workspace.create_request_context().get_code_location(LOCATION)
    (repository,) = location.get_repositories().values()
    remote_sensor = repository.get_sensor(sensor_name)
    logger = logging.getLogger("bench.scale")
    logger.setLevel(logging.WARNING)
    existing: dict = {}
    tick_tags = DagsterRun.tags_for_tick_id(tick_id)

    def one(request):
        request = request.with_replaced_attrs(tags={**request.tags, **tick_tags})
        result = _submit_run_request(make_new_run_id(), request, workspace, remote_sensor, existing, logger, None)
        if result.error_info is not None:
            raise RuntimeError(f"run submission failed: {result.error_info.message}")

    workers = (instance.get_settings("sensors") or {}).get("num_submit_workers") or 0
    reset_peak_rss()
    started = time.perf_counter()
    if workers:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(one, requests))
    else:
        for request in requests:
            one(request)
    return Submission(len(requests), time.perf_counter() - started, peak_rss_since_reset_mb(), workers)
