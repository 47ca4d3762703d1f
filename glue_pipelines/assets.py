"""Per provider, one asset per standard object (plus one for custom objects), partitioned by connection."""


import dagster as dg

from glue_api.models import Sync
from glue_pipelines.partitions import connection_partitions
from glue_pipelines.resources import GlueStoreResource
from glue_pipelines.sync.job import NothingToSync
from glue_pipelines.sync.runner import sync_connection
from glue_providers.spec import ProviderSpec

CUSTOM_OBJECTS = "custom_objects"
SYNC_IDS_TAG = "glue/sync_ids"
CONNECTION_TAG = "glue/connection"
PROVIDER_TAG = "glue/provider"


def object_asset_names(provider: ProviderSpec) -> list[str]:
    return list(provider.objects) + ([CUSTOM_OBJECTS] if provider.custom_objects else [])


def asset_key(provider_name: str, object_name: str, object_type: str = "standard") -> dg.AssetKey:
    return dg.AssetKey([provider_name, CUSTOM_OBJECTS if object_type == "custom" else object_name])


def build_sync_assets(provider: ProviderSpec) -> dg.AssetsDefinition:
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
    ]

    @dg.multi_asset(name=f"{provider.name}_sync", specs=specs, can_subset=True, partitions_def=partitions)
    def sync_objects(context: dg.AssetExecutionContext, glue: GlueStoreResource):
        selected = {key.path[-1] for key in context.selected_asset_keys}

        def include(sync: Sync) -> bool:
            return (CUSTOM_OBJECTS if sync.object_type == "custom" else sync.object) in selected

        tagged = context.run.tags.get(SYNC_IDS_TAG)
        try:
            outcomes = sync_connection(
                glue.store(), context.partition_key, include=include,
                sync_ids=tagged.split(",") if tagged else None, orchestrator_run_id=context.run.run_id,
            )
        except NothingToSync as reason:
            context.log.info(f"nothing to sync: {reason}")
            return
        by_asset: dict[str, dict] = {}
        for outcome in outcomes:
            name = outcome.object if outcome.object in provider.objects else CUSTOM_OBJECTS
            entry = by_asset.setdefault(name, {"records": 0, "marked_deleted": 0, "objects": []})
            entry["records"] += outcome.records
            entry["marked_deleted"] += outcome.marked_deleted
            entry["objects"].append(f"{outcome.object} ({'full' if outcome.full else 'incremental'})")
        for name, entry in by_asset.items():
            yield dg.MaterializeResult(
                asset_key=dg.AssetKey([provider.name, name]),
                metadata={
                    "records": dg.MetadataValue.int(entry["records"]),
                    "marked_deleted": dg.MetadataValue.int(entry["marked_deleted"]),
                    "objects": dg.MetadataValue.text(", ".join(entry["objects"])),
                },
            )

    return sync_objects
