"""The one entry point Dagster loads (see workspace.yaml): assets and a due-syncs sensor per syncable provider."""

import dagster as dg

from glue_pipelines.assets import build_sync_assets
from glue_pipelines.owners import owners_for
from glue_pipelines.resources import GlueStoreResource
from glue_pipelines.sensors import build_due_syncs_sensor, connections_sensor, failed_runs_sensor
from glue_providers import registry


def build_definitions() -> dg.Definitions:
    """Read from the provider registry when called, so providers added by GLUE_PROVIDER_PACKAGES are included."""
    syncable = registry.syncable()
    return dg.Definitions(
        assets=[build_sync_assets(provider, owners_for(provider.name)) for provider in syncable],
        sensors=[
            connections_sensor,
            failed_runs_sensor,
            *(build_due_syncs_sensor(provider.name) for provider in syncable),
        ],
        resources={"glue": GlueStoreResource()},
    )


defs = build_definitions()
