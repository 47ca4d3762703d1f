"""Per provider, one asset per standard object (plus one for custom objects, one for entities) and one per
common object it maps (``common_contact``, downstream of the provider object it is read from), partitioned by connection."""


import json

import dagster as dg

from glue_api.models import Sync
from glue_api.syncs.objects import ENTITY
from glue_pipelines.checks.specs import RECONCILE_METADATA, check_specs, object_key
from glue_pipelines.live_runs import run_is_live
from glue_pipelines.partitions import connection_partitions
from glue_pipelines.resources import GlueStoreResource
from glue_pipelines.selection import connection_assets, refuse_unsynced
from glue_providers.common.models import table_name as common_table_name
from glue_providers.spec import ProviderSpec

CUSTOM_OBJECTS = "custom_objects"
SYNC_IDS_TAG = "glue/sync_ids"
CONNECTION_TAG = "glue/connection"
PROVIDER_TAG = "glue/provider"
CUSTOMER_TAG = "glue/customer"  # the application's own id of the customer: find "Acme's HubSpot sync" in the UI
APPLICATION_TAG = "glue/application"


COMMON_PREFIX = "common_"
ENTITIES = "entities"  # every entity sync of the provider's connections (entities are the application's own)


def object_asset_names(provider: ProviderSpec) -> list[str]:
    return list(provider.objects) + ([CUSTOM_OBJECTS] if provider.custom_objects else []) + [ENTITIES]


def asset_name(object_name: str, object_type: str = "standard") -> str:
    if object_type == "custom":
        return CUSTOM_OBJECTS
    if object_type == ENTITY:
        return ENTITIES
    return COMMON_PREFIX + object_name if object_type == "common" else object_name


def asset_key(provider_name: str, object_name: str, object_type: str = "standard") -> dg.AssetKey:
    return dg.AssetKey([provider_name, asset_name(object_name, object_type)])


def common_asset_specs(provider: ProviderSpec, partitions) -> list[dg.AssetSpec]:
    """One asset per common object, with lineage from the provider object its mapping reads."""
    return [
        dg.AssetSpec(
            asset_key(provider.name, common_object, "common"),
            deps=[asset_key(provider.name, mapping.from_object)],
            partitions_def=partitions,
            group_name=provider.name,
            skippable=True,
            kinds={"dlt", provider.name},
            description=f"The common {provider.category.value} {common_object} mapped from {provider.name} "
                        f"{mapping.from_object}, merged into {common_table_name(provider.category, common_object)}.",
        )
        for common_object, mapping in provider.common_mappings().items()
    ]


def provider_pool(provider_name: str) -> str:
    """The Dagster pool every sync step of a provider claims a slot in: the per-provider limit, which Dagster's
    executors enforce whichever way a run was launched (the instance's ``concurrency: pools`` sets it)."""
    return f"glue_{provider_name}"


def outcomes_by_asset(outcomes: list) -> dict[str, list]:
    by_asset: dict[str, list] = {}
    for outcome in outcomes:
        by_asset.setdefault(asset_name(outcome.object, outcome.object_type), []).append(outcome)
    return by_asset


def build_sync_assets(provider: ProviderSpec, owners: list[str] | None = None) -> dg.AssetsDefinition:
    partitions = connection_partitions(provider.name)
    specs = [
        dg.AssetSpec(
            asset_key(provider.name, name, "custom" if name == CUSTOM_OBJECTS else "standard"),
            partitions_def=partitions,
            group_name=provider.name,
            skippable=True,
            kinds={"dlt", provider.name},
            description=f"{provider.name} {name} of every connected customer, merged into the application's warehouse.",
        )
        for name in object_asset_names(provider)
    ] + common_asset_specs(provider, partitions)
    specs = [spec.replace_attributes(owners=owners or []) for spec in specs]

    @dg.multi_asset(name=f"{provider.name}_sync", specs=specs, can_subset=True, partitions_def=partitions,
                    pool=provider_pool(provider.name), check_specs=check_specs([spec.key for spec in specs], partitions))
    def sync_objects(context: dg.AssetExecutionContext, glue: GlueStoreResource):
        store = glue.store()
        selected = {key.path[-1] for key in context.selected_asset_keys}
        made: dict[dg.AssetKey, dict] = {}
        if selected:
            whole_group = context.selected_asset_keys == {spec.key for spec in specs}
            for key, metadata in sync_selected(context, store, provider.name, selected, whole_group):
                made[key] = metadata
                yield dg.MaterializeResult(asset_key=key, metadata=metadata)
        if context.selected_asset_check_keys:  # after the sync in the same step, or alone (the UI's "Execute")
            from glue_pipelines.checks.evaluate import evaluate_checks  # reads destinations through dlt

            yield from evaluate_checks(
                store, context.partition_key, sorted(context.selected_asset_check_keys, key=str),
                lambda o: asset_name(o.object, o.object_type),
                lambda key: made.get(key) or latest_metadata(context.instance, key, context.partition_key),
            )

    return sync_objects


def sync_selected(context: dg.AssetExecutionContext, store, provider_name: str, selected: set[str], whole_group: bool):
    """(asset key, metadata) of each asset the connection's sync materialized. The whole group selected (the UI's
    "Materialize all") syncs what the connection lists; assets picked one by one must all be synced by it."""
    tagged = context.run.tags.get(SYNC_IDS_TAG)
    if not whole_group and not tagged:  # the due-syncs sensor's runs (tagged) pick only objects that are due
        refuse_unsynced(provider_name, context.partition_key, selected,
                        connection_assets(store, context.partition_key, asset_name))

    # Imported here: the engine pulls in dlt and pyarrow (~1 s), which only a run that syncs needs, not the
    # code server, the daemon's sensors or `dagster definitions validate`.
    from glue_pipelines.sync.job import NothingToSync
    from glue_pipelines.sync.runner import sync_connection

    def include(sync: Sync) -> bool:
        return asset_name(sync.object, sync.object_type) in selected

    try:
        outcomes = sync_connection(
            store, context.partition_key, include=include,
            sync_ids=tagged.split(",") if tagged else None, orchestrator_run_id=context.run.run_id,
            is_live=run_is_live(context.instance),
        )
    except NothingToSync as reason:  # or another live run holds the connection: this run syncs nothing
        context.log.info(f"nothing to sync: {reason}")
        return
    for name, synced in outcomes_by_asset(outcomes).items():
        yield dg.AssetKey([provider_name, name]), materialization(synced)


def latest_metadata(instance: dg.DagsterInstance, key: dg.AssetKey, partition: str) -> dict | None:
    records = instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=key, asset_partitions=[partition]), limit=1, ascending=False).records
    return dict(records[0].asset_materialization.metadata) if records else None


def materialization(outcomes: list) -> dict:
    """What one connection's run did to an asset: Glue's own figures, and Dagster's standard entries (the rows
    this run wrote, and where one table holds them, its name and its columns as dlt knows them)."""
    records = sum(outcome.records for outcome in outcomes)
    metadata = {
        "records": dg.MetadataValue.int(records),
        "marked_deleted": dg.MetadataValue.int(sum(outcome.marked_deleted for outcome in outcomes)),
        "objects": dg.MetadataValue.text(", ".join(
            f"{outcome.object} ({'full' if outcome.full else 'incremental'})" for outcome in outcomes)),
        "dagster/row_count": dg.MetadataValue.int(records),
        RECONCILE_METADATA: dg.MetadataValue.text(json.dumps({  # what the reconciliation check compares
            object_key(outcome.object_type, outcome.object): outcome.live_records
            for outcome in outcomes if outcome.full})),
    }
    tables = {outcome.table for outcome in outcomes if outcome.table}
    if len(tables) == 1:
        outcome = next(o for o in outcomes if o.table)
        metadata["dagster/table_name"] = dg.MetadataValue.text(outcome.table)
        metadata["dagster/column_schema"] = dg.MetadataValue.table_schema(dg.TableSchema(
            columns=[dg.TableColumn(name, data_type) for name, data_type in outcome.columns]))
    return metadata
