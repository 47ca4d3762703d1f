"""A BigQuery destination: service-account credentials from the stored config, batch load jobs from JSONL files.

JSONL, not Parquet: dlt refuses Parquet for JSON columns (``_glue_raw_data``) unless
BigQuery autodetects the schema. Local files go through load jobs (no streaming
inserts), which also keeps the rows updatable by the soft-delete UPDATE at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from glue_api.destinations.shapes import pem_private_key
from glue_pipelines.destinations.factory import Target

LOADER_FILE_FORMAT = "jsonl"
DEFAULT_LOCATION = "US"  # dlt's default; a Glue extension field `location` overrides it


def bigquery_target(config: dict[str, Any], home: Path, schema_override: str | None) -> Target:
    from dlt.destinations import bigquery

    credentials = {
        "project_id": config["project_id"],
        "client_email": config["credentials"]["client_email"],
        "private_key": pem_private_key(config["credentials"]["private_key"]),
    }
    destination = bigquery(
        credentials=credentials,
        project_id=config["project_id"],  # where the dataset lives, and who pays for the jobs
        location=config.get("location") or DEFAULT_LOCATION,
    )
    return Target(destination, schema_override or config["dataset"], LOADER_FILE_FORMAT)
