"""Shapes of warehouse config values: checked when a destination is written, normalised where it is used.

Values are stored as the user sent them (responses echo them back); loaders and the
connectivity check call the normalising functions here, so both read a value alike.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_GCP_PROJECT = re.compile(r"(?:[a-z0-9.-]+:)?[a-z0-9][a-z0-9-]*")  # optional domain: prefix of older projects
_BIGQUERY_DATASET = re.compile(r"[A-Za-z0-9_]+")
_BIGQUERY_LOCATION = re.compile(r"[A-Za-z]+(?:-[a-z]+\d*)?")
_SNOWFLAKE_ACCOUNT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*")
_SNOWFLAKE_DOMAIN = ".snowflakecomputing.com"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_AWS_REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d+")
_AWS_KEY_ID = re.compile(r"[A-Z0-9]{4,128}")
_S3_BUCKET = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_REDSHIFT_HOST_REGION = re.compile(r"\.([a-z]{2}(?:-[a-z]+)+-\d+)\.redshift(?:-serverless)?\.amazonaws\.com$")


def pem_private_key(value: str) -> str:
    """A key pasted from a service account's JSON file often keeps its `\\n` escapes: real newlines here."""
    return value.replace("\\n", "\n").strip() + "\n"


def snowflake_account(host: str) -> str:
    """The account identifier the connector wants, from what users paste (`acct.region`, the account URL, ...)."""
    account = host.strip().removeprefix("https://").removeprefix("http://").rstrip("/")
    if account.lower().endswith(_SNOWFLAKE_DOMAIN):
        account = account[: -len(_SNOWFLAKE_DOMAIN)]
    return account


def s3_bucket(name: str) -> str:
    return name.strip().removeprefix("s3://").rstrip("/")


def redshift_region(host: str) -> str | None:
    """The AWS region in a Redshift endpoint's name (clusters and serverless workgroups), if it has one."""
    match = _REDSHIFT_HOST_REGION.search(host.lower())
    return match.group(1) if match else None


# Validators for the request schemas: they name what is wrong, never the value (it may be a secret).


def check_email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError("must be the service account's email address")
    return value


def check_gcp_project(value: str) -> str:
    if not _GCP_PROJECT.fullmatch(value):
        raise ValueError("must be a Google Cloud project id: lowercase letters, digits and hyphens")
    return value


def check_bigquery_dataset(value: str) -> str:
    if not _BIGQUERY_DATASET.fullmatch(value):
        raise ValueError("must be a BigQuery dataset name: letters, digits and underscores")
    return value


def check_bigquery_location(value: str) -> str:
    if not _BIGQUERY_LOCATION.fullmatch(value):
        raise ValueError("must be a BigQuery location such as US, EU or europe-west3")
    return value


def check_snowflake_host(value: str) -> str:
    if not _SNOWFLAKE_ACCOUNT.fullmatch(snowflake_account(value)):
        raise ValueError("must be a Snowflake account identifier such as xy12345.us-east-1 or orgname-account")
    return value


def check_hostname(value: str) -> str:
    if len(value) > 253 or not _HOSTNAME.fullmatch(value):
        raise ValueError("must be a host name, without scheme, port or path")
    return value


def check_aws_region(value: str) -> str:
    if not _AWS_REGION.fullmatch(value):
        raise ValueError("must be an AWS region such as us-west-2")
    return value


def check_aws_key_id(value: str) -> str:
    if not _AWS_KEY_ID.fullmatch(value):
        raise ValueError("must be an AWS access key id (uppercase letters and digits)")
    return value


def check_s3_bucket(value: str) -> str:
    if not _S3_BUCKET.fullmatch(s3_bucket(value)):
        raise ValueError("must be an S3 bucket name")
    return value
