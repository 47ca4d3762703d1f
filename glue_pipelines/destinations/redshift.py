"""A Redshift destination loading through the configured S3 bucket (`upload_method: s3_staging`).

Files are written to the bucket (dlt's filesystem destination as staging) and Redshift
COPYs them with the bucket's keys. Parquet when the cluster and the bucket share a
region: it is columnar and written from Arrow without conversion. Redshift cannot COPY
Parquet across regions, so a bucket in another region gets JSONL, which COPY reads
with an explicit REGION.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from glue_api.destinations.shapes import redshift_region, s3_bucket
from glue_pipelines.destinations.factory import Target

CONNECT_TIMEOUT_SECONDS = 15


class MissingRedshiftPassword(ValueError):
    pass


def redshift_target(config: dict[str, Any], home: Path, schema_override: str | None) -> Target:
    from dlt.destinations import filesystem, redshift

    if not config.get("password"):
        # The spec leaves it optional; Redshift does not let a loader in without it.
        raise MissingRedshiftPassword("the Redshift destination has no password: set config.password with PUT /destinations/{id}")
    credentials = {
        "database": config["database"],
        "username": config["username"],
        "password": config["password"],
        "host": config["host"],
        "port": int(config["port"]),
        "connect_timeout": CONNECT_TIMEOUT_SECONDS,
    }
    if config.get("hostaddr"):  # the address the egress guard checked (the name stays for TLS)
        credentials["query"] = {"hostaddr": config["hostaddr"]}
    staging = filesystem(
        bucket_url=f"s3://{s3_bucket(config['s3_bucket_name'])}",
        credentials={
            "aws_access_key_id": config["s3_key_id"],
            "aws_secret_access_key": config.get("s3_access_key"),
            "region_name": config["s3_bucket_region"],
        },
    )
    return Target(
        redshift(credentials=credentials),
        schema_override or config["schema"],
        loader_file_format(config["host"], config["s3_bucket_region"]),
        staging=staging,
    )


def loader_file_format(host: str, bucket_region: str) -> str:
    cluster_region = redshift_region(host)
    return "jsonl" if cluster_region and cluster_region != bucket_region else "parquet"
