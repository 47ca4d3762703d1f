"""The one entry point Dagster loads (see workspace.yaml)."""

import dagster as dg

from glue_pipelines.assets import build_sync_assets
from glue_pipelines.providers import SYNC_PROVIDERS
from glue_pipelines.resources import GlueStoreResource
from glue_pipelines.sensors import build_due_syncs_sensor, connections_sensor, failed_runs_sensor

defs = dg.Definitions(
    assets=[build_sync_assets(provider) for provider in SYNC_PROVIDERS.values()],
    sensors=[
        connections_sensor,
        failed_runs_sensor,
        *(build_due_syncs_sensor(name) for name in SYNC_PROVIDERS),
    ],
    resources={"glue": GlueStoreResource()},
)
