"""One Dagster run that syncs several connections of one provider, one after another in one process.

A run costs seconds to start; a 100-record sync about one. When many connections fall due together the
due-syncs sensor batches them, and each connection still gets its own Glue sync runs and, per object asset,
its own materialization of its partition. One connection's failure is recorded on its sync runs and the batch
goes on; the run ends failed if any connection failed, after every connection was tried, so the runs list
shows it. Single-connection partitioned runs (the UI's, re-runs) are the assets' own job.
"""

import dagster as dg

from glue_pipelines.assets import asset_name, materialization, outcomes_by_asset, provider_pool
from glue_pipelines.checks.specs import as_evaluation, check_keys
from glue_pipelines.live_runs import run_is_live
from glue_pipelines.partitions import connection_partitions
from glue_pipelines.resources import GlueStoreResource

BATCH_TAG = "glue/batch"  # how many connections the run syncs


class BatchedConnection(dg.Config):
    connection_id: str
    sync_ids: list[str] = []  # empty: every unpaused sync of the connection


class BatchConfig(dg.Config):
    connections: list[BatchedConnection]


def batch_job_name(provider_name: str) -> str:
    return f"{provider_name}_batch_sync"


def batch_op_name(provider_name: str) -> str:
    return f"{provider_name}_sync_connections"


def batch_run_config(provider_name: str, plan: dict[str, list[str]]) -> dict:
    """The run config of a batch of ``plan`` (connection id -> sync ids)."""
    return {"ops": {batch_op_name(provider_name): {"config": {"connections": [
        {"connection_id": cid, "sync_ids": sync_ids} for cid, sync_ids in plan.items()]}}}}


def build_batch_job(provider_name: str) -> dg.JobDefinition:
    partitions = connection_partitions(provider_name)

    @dg.op(name=batch_op_name(provider_name), pool=provider_pool(provider_name),
           description=f"Syncs each listed {provider_name} connection in turn, recording each one's outcome.")
    def sync_connections(context: dg.OpExecutionContext, config: BatchConfig, glue: GlueStoreResource) -> None:
        from glue_pipelines.sync.job import NothingToSync  # the engine (dlt, pyarrow) only where a run syncs
        from glue_pipelines.sync.runner import sync_connection
        from glue_pipelines.checks.evaluate import DestinationUnreachable, evaluate_checks

        store, is_live = glue.store(), run_is_live(context.instance)
        wanted = [item.connection_id for item in config.connections]
        known = set(context.instance.get_dynamic_partitions(partitions.name))
        if missing := [cid for cid in wanted if cid not in known]:  # a materialization names an existing partition
            context.instance.add_dynamic_partitions(partitions.name, missing)
        failed = []
        for item in config.connections:
            try:
                outcomes = sync_connection(store, item.connection_id, sync_ids=item.sync_ids or None,
                                           orchestrator_run_id=context.run_id, is_live=is_live)
            except NothingToSync as reason:
                context.log.info(f"nothing to sync: {reason}")
                continue
            except Exception as exc:  # recorded on its sync runs (scrubbed of secrets) by the engine
                failed.append(item.connection_id)
                context.log.warning(f"connection {item.connection_id} failed ({type(exc).__name__}); "
                                    "its sync runs hold the error")
                continue
            made = {dg.AssetKey([provider_name, name]): materialization(synced)
                    for name, synced in outcomes_by_asset(outcomes).items()}
            for key, metadata in made.items():
                context.log_event(dg.AssetMaterialization(asset_key=key, partition=item.connection_id,
                                                          metadata=metadata))
            try:  # the same checks a single-connection run evaluates after its sync
                for result in evaluate_checks(store, item.connection_id, [k for key in made for k in check_keys(key)],
                                              lambda o: asset_name(o.object, o.object_type), made.get):
                    context.log_event(as_evaluation(result, item.connection_id))
            except DestinationUnreachable as exc:  # synced, but its checks could not run: say so in the run's status
                failed.append(item.connection_id)
                context.log.warning(f"connection {item.connection_id}: checks not evaluated: {exc}")
        if failed:
            raise dg.Failure(f"{len(failed)} of {len(wanted)} connections failed: {', '.join(failed)} "
                             "(the others synced; each failed connection's sync runs hold its error)")

    @dg.job(name=batch_job_name(provider_name), executor_def=dg.in_process_executor,
            description=f"Several {provider_name} connections synced in one run (started by the due-syncs sensor).")
    def batch_sync():
        sync_connections()

    return batch_sync
