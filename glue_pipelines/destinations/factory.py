"""A stored destination, with its secrets opened, as a dlt destination with explicit credentials."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from dlt.common.destination import Destination as DltDestination

from glue_api.destinations.egress import pinned_config

MANAGED_DATASET = "glue"
MANAGED_WAREHOUSE_FILE = "warehouse.duckdb"


class UnsupportedDestination(Exception):
    pass


@dataclass(frozen=True)
class Target:
    """Where one connection's data lands."""

    destination: DltDestination
    dataset_name: str
    loader_file_format: str | None  # the format each engine loads fastest
    table_format: str | None = None
    staging: DltDestination | None = None  # where files wait before the warehouse copies them in (Redshift: S3)
    merge_strategy: str = "delete-insert"
    writer_lock: str | None = None  # a lock file, for destinations that take one writing process at a time


def build_target(destination_type: str, config: dict[str, Any], home: Path, schema_override: str | None = None) -> Target:
    builder = BUILDERS.get(destination_type)
    if builder is None:
        raise UnsupportedDestination(f"syncing into a {destination_type} destination is not supported yet")
    # Through the egress guard: a refused address fails the sync with EgressRefused's message.
    target = builder(pinned_config(destination_type, config), home, schema_override)
    for destination in (target.destination, target.staging):
        if destination is not None:
            _remember_capabilities(destination)
    return target


def _remember_capabilities(destination: DltDestination) -> None:
    """dlt asks a destination for its capabilities a dozen times a sync, each time resolving its whole
    configuration from the environment and toml files (~0.1 s a sync on a busy machine, paid per connection
    in a batch). Asked without a config, the answer is fixed for this factory: computed once, handed out as
    copies, since dlt's callers may adjust what they get."""
    ask, known = destination.capabilities, []

    def capabilities(config=None, naming=None):
        if config is not None or naming is not None:
            return ask(config, naming)
        if not known:
            known.append(ask())
        return copy.deepcopy(known[0])

    destination.capabilities = capabilities


def _postgres(config: dict[str, Any], home: Path, schema_override: str | None) -> Target:
    from dlt.destinations import postgres

    credentials = {
        "drivername": "postgresql",
        "database": config["database"],
        "username": config["user"],
        "password": config.get("password"),
        "host": config["host"],
        "port": int(config["port"]),
    }
    query = {"hostaddr": config["hostaddr"]} if config.get("hostaddr") else {}
    ssl_mode = config.get("ssl_mode")
    if ssl_mode and ssl_mode != "no-verify":
        query["sslmode"] = ssl_mode
    if query:
        credentials["query"] = query
    return Target(postgres(credentials=credentials), schema_override or config["schema"], "csv")


def _managed_duckdb(config: dict[str, Any], home: Path, schema_override: str | None) -> Target:
    from dlt.destinations import duckdb

    home.mkdir(parents=True, exist_ok=True)
    path = str((home / MANAGED_WAREHOUSE_FILE).resolve())
    # Concurrent syncs (say HubSpot and Salesforce in the same minute) take turns: DuckDB allows one writer.
    return Target(duckdb(credentials=path), schema_override or MANAGED_DATASET, "parquet", writer_lock=path + ".lock")


def _s3(config: dict[str, Any], home: Path, schema_override: str | None) -> Target:
    from dlt.destinations import filesystem

    bucket = config["bucket"] if config["bucket"].startswith("s3://") else f"s3://{config['bucket']}"
    credentials = {
        "aws_access_key_id": config["access_key_id"],
        "aws_secret_access_key": config.get("secret_access_key"),
        "region_name": config["region"],
    }
    if config.get("endpoint_url"):
        credentials["endpoint_url"] = config["endpoint_url"]
    # Delta tables, because plain files cannot honour merges; delta merges by upsert.
    return Target(
        filesystem(bucket_url=bucket, credentials=credentials), schema_override or "glue", "parquet", "delta",
        merge_strategy="upsert",
    )


def _imported_on_use(warehouse: str):
    """The builder in glue_pipelines/destinations/<warehouse>.py, imported on first use (it imports Target from here)."""

    def build(config: dict[str, Any], home: Path, schema_override: str | None) -> Target:
        module = import_module(f"glue_pipelines.destinations.{warehouse}")
        return getattr(module, f"{warehouse}_target")(config, home, schema_override)

    return build


BUILDERS = {
    "postgres": _postgres,
    "supaglue": _managed_duckdb,
    "s3": _s3,
    **{warehouse: _imported_on_use(warehouse) for warehouse in ("bigquery", "snowflake", "redshift")},
}
