"""`dg check defs`, the CI check of the code location, passes on the project as `[tool.dg]` describes it, and the
loaded definitions carry the asset checks."""

import subprocess
import sys
from pathlib import Path

import dagster as dg

from glue_pipelines.checks.specs import FRESH, RECONCILED, UNIQUE_KEYS
from glue_pipelines.definitions import defs
from glue_providers import registry

ROOT = Path(__file__).resolve().parents[2]


def test_dg_check_defs_passes(tmp_path):
    result = subprocess.run(
        [str(Path(sys.executable).parent / "dg"), "check", "defs"], cwd=ROOT, capture_output=True, text=True,
        timeout=300, env={"DAGSTER_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All definitions loaded successfully" in result.stdout + result.stderr


def test_every_synced_object_has_its_three_checks_partitioned_by_connection():
    graph = defs.resolve_asset_graph()
    keys = graph.asset_check_keys
    for provider in registry.syncable():
        for object_name in provider.objects:
            asset = dg.AssetKey([provider.name, object_name])
            assert {dg.AssetCheckKey(asset, name) for name in (UNIQUE_KEYS, RECONCILED, FRESH)} <= keys
    check = defs.resolve_assets_def(dg.AssetKey(["hubspot", "contacts"])).get_spec_for_check_key(
        dg.AssetCheckKey(dg.AssetKey(["hubspot", "contacts"]), UNIQUE_KEYS))
    assert check.partitions_def.name == "hubspot_connections"
