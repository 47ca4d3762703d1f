"""The Dagster code location loads, in-process and as `dagster` loads it."""

import subprocess
import sys
from pathlib import Path

import dagster as dg

from glue_pipelines.definitions import defs
from glue_providers import registry

ROOT = Path(__file__).resolve().parents[2]


def test_definitions_load():
    keys = {key.to_user_string() for key in defs.resolve_all_asset_keys()}
    for provider in registry.syncable():
        for object_name in provider.objects:
            assert f"{provider.name}/{object_name}" in keys
    assert "hubspot/custom_objects" in keys and "salesforce/custom_objects" in keys
    sensors = {sensor.name for sensor in defs.sensors}
    assert {"connections_sensor", "failed_runs_sensor", "hubspot_due_syncs", "pipedrive_due_syncs"} <= sensors
    dg.Definitions.validate_loadable(defs)
    partitions = defs.resolve_assets_def(dg.AssetKey(["hubspot", "contacts"])).partitions_def
    assert isinstance(partitions, dg.DynamicPartitionsDefinition) and partitions.name == "hubspot_connections"


def test_dagster_cli_validates_the_workspace(tmp_path):
    result = subprocess.run(
        [str(Path(sys.executable).parent / "dagster"), "definitions", "validate", "-w", str(ROOT / "workspace.yaml")],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env={"DAGSTER_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
