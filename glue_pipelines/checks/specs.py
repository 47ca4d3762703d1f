"""Three checks on every asset of a provider's sync, partitioned by connection like the assets."""

from __future__ import annotations

import warnings

import dagster as dg

UNIQUE_KEYS = "unique_primary_key"
RECONCILED = "reconciled_with_provider"
FRESH = "synced_within_period"

# Materialization metadata the reconciliation reads back: per object a complete full sync read in this run,
# the provider's records that were not deleted. Written with each materialization (glue_pipelines.assets).
RECONCILE_METADATA = "glue/full_sync_live_records"


def object_key(object_type: str, object_name: str) -> str:
    return f"{object_type}:{object_name}"

DESCRIPTIONS = {
    UNIQUE_KEYS: "No remote id of the connection appears on two rows of its table (the merge key is unique).",
    RECONCILED: "After a complete full sync, the records the provider gave that were not deleted equal the "
                "connection's live (not soft-deleted) rows in the destination.",
    FRESH: "The object's last successful sync finished within twice its sync period (one period may be missed).",
}


def check_specs(asset_keys: list[dg.AssetKey], partitions: dg.PartitionsDefinition) -> list[dg.AssetCheckSpec]:
    """Partitioned like their assets, so each connection's results stand apart (a preview feature in Dagster
    1.13: its warning, once per spec, is silenced here; README, "Asset checks", says so)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.PreviewWarning)
        return [
            dg.AssetCheckSpec(name, asset=key, description=description, partitions_def=partitions)
            for key in asset_keys for name, description in DESCRIPTIONS.items()
        ]


def check_keys(asset_key: dg.AssetKey) -> list[dg.AssetCheckKey]:
    return [dg.AssetCheckKey(asset_key, name) for name in DESCRIPTIONS]


def as_evaluation(result: dg.AssetCheckResult, partition: str) -> dg.AssetCheckEvaluation:
    """A check's result as an event an op logs for one partition: how a batch run reports each connection's."""
    return dg.AssetCheckEvaluation(
        asset_key=result.asset_key, check_name=result.check_name, passed=result.passed, severity=result.severity,
        description=result.description, metadata=result.metadata, partition=partition)
