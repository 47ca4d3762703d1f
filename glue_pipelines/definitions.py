"""The one entry point Dagster loads (see workspace.yaml): assets, jobs and sensors per syncable provider."""

import dagster as dg

from glue_pipelines.assets import build_sync_assets
from glue_pipelines.owners import owners_for
from glue_pipelines.resources import GlueStoreResource
from glue_pipelines.retention import run_retention_sensor
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
            run_retention_sensor,
            *(build_due_syncs_sensor(provider.name) for provider in syncable),
        ],
        resources={"glue": GlueStoreResource()},
        # Every run, the UI's and the CLI's too, syncs in the run's own process: a step subprocess cost ~3 s a run.
        executor=dg.in_process_executor,
    )


defs = build_definitions()
