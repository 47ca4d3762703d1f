"""One connection materialized from Dagster's and dg's command lines on a fresh instance, as CI would do it."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.pipelines.scenario import connect

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def cli_environment(glue, dagster_home: Path) -> dict[str, str]:
    """The engine's GLUE_* settings as a deployment sets them, and an empty DAGSTER_HOME: a fresh instance whose
    daemon never ran the connections sensor."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("GLUE_", "DAGSTER_")) or k == "GLUE_EGRESS_ALLOW"}
    dagster_home.mkdir()
    return kept | {
        "DAGSTER_HOME": str(dagster_home),
        "GLUE_DATABASE_URL": glue.settings.resolved_database_url,
        "GLUE_HOME": str(glue.settings.home),
        "GLUE_SECRET_KEY": glue.store.keyring.serialize(),
        "GLUE_PROVIDER_BASE_URLS": json.dumps(glue.settings.provider_base_urls),
    }


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_materialize_one_connection_from_the_cli_on_a_fresh_instance(glue, emulators, warehouse_url, tmp_path):
    scenario = connect(glue, emulators("hubspot", {"contacts": 60, "companies": 7}), warehouse_url)
    env = cli_environment(glue, tmp_path / "dagster")
    materialize = [str(BIN / "dagster"), "asset", "materialize", "-m", "glue_pipelines.definitions",
                   "--select", "key:hubspot/*", "--partition", scenario.connection_id]

    # Dagster checks the partition against the instance before the run: unknown until registered.
    refused = run(materialize, env)
    assert refused.returncode != 0 and f"containing the passed partition key `{scenario.connection_id}`" in refused.stderr

    registered = run([sys.executable, "-m", "glue_pipelines.register_partitions"], env)
    assert registered.returncode == 0, registered.stderr
    assert "1 connection(s) added" in registered.stdout and "hubspot: 1" in registered.stdout

    done = run(materialize, env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert len(scenario.rows("contacts")) == 60 and len(scenario.rows("companies")) == 7
    assert glue.store.keyring.serialize() not in done.stdout + done.stderr
    assert "Asset check 'unique_primary_key' on 'hubspot/contacts' passed" in done.stderr  # run with the sync

    # dg launch, an object the connection's sync config does not list: the run fails and says why.
    unsynced = run([str(BIN / "dg"), "launch", "--assets", "hubspot/deals", "--partition", scenario.connection_id], env)
    assert unsynced.returncode != 0
    assert f"connection {scenario.connection_id} does not sync hubspot/deals" in unsynced.stdout + unsynced.stderr
