"""A Snowflake destination: user/password login to the configured account, role and warehouse.

Parquet through each table's internal stage (PUT, then COPY INTO): sources yield Arrow
tables, so Parquet is written without converting rows, and Snowflake copies columnar
files fastest. Staged files are removed after the copy so stages do not grow.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from glue_api.destinations.shapes import snowflake_account
from glue_pipelines.destinations.factory import Target

LOADER_FILE_FORMAT = "parquet"


def snowflake_target(config: dict[str, Any], home: Path, schema_override: str | None) -> Target:
    from dlt.destinations import snowflake

    credentials = {
        "host": snowflake_account(config["host"]),  # dlt's `host` is the account identifier
        "database": config["database"],
        "username": config["username"],
        "password": config.get("password"),
        "warehouse": config["warehouse"],
        "role": config["role"],
    }
    destination = snowflake(credentials=credentials, keep_staged_files=False)
    return Target(destination, schema_override or config["schema"], LOADER_FILE_FORMAT)
