"""The connectivity check: log in to a destination with its stored credentials and run one trivial query.

The warehouses' client libraries come with the `pipelines` extra and are imported on
use. Each client gets short timeouts, and the whole check a deadline on top, since not
every library bounds every step (token exchanges, TLS handshakes). The answer carries
the warehouse's own error message with each secret of the config replaced by ***.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from glue_api.destinations.egress import pinned_config
from glue_api.destinations.secrets import split_secrets
from glue_api.destinations.shapes import pem_private_key, s3_bucket, snowflake_account
from glue_providers.egress import EgressRefused

TIMEOUT_SECONDS = 10.0  # for each client's connect, login and query
DEADLINE_MARGIN_SECONDS = 3.0  # the whole check gets this much longer than one client timeout
REDACTED = "***"
MAX_MESSAGE_LENGTH = 1000
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"


@dataclass(frozen=True)
class CheckResult:
    success: bool
    message: str


class WarehouseRefused(Exception):
    """The warehouse let us in but is not usable as configured (e.g. a warehouse the role cannot use)."""


def check_destination(destination_type: str, config: dict[str, Any]) -> CheckResult:
    """`config` holds opened secrets; nothing of them leaves this function."""
    check = CHECKS.get(destination_type)
    if check is None:
        return CheckResult(True, "Glue manages this destination itself: nothing to check.")
    secrets = list(split_secrets(destination_type, config)[1].values())
    try:
        config = pinned_config(destination_type, config)
    except EgressRefused as exc:
        # Said before any connection is tried, so the answer tells nothing of what listens there.
        return CheckResult(False, str(exc))
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["message"] = check(config)
        except Exception as exc:  # every failure is the answer, not an error of this request
            outcome["error"] = exc

    # A daemon thread: a client stuck past the deadline finishes on its own timeouts, and nobody waits for it.
    worker = threading.Thread(target=run, name=f"glue-check-{destination_type}", daemon=True)
    worker.start()
    deadline = TIMEOUT_SECONDS + DEADLINE_MARGIN_SECONDS
    worker.join(deadline)
    if "error" in outcome:
        return CheckResult(False, scrub(describe(outcome["error"]), secrets))
    if "message" not in outcome:
        return CheckResult(False, f"The warehouse did not answer within {deadline:g} seconds.")
    return CheckResult(True, scrub(outcome["message"], secrets))


def describe(exc: BaseException) -> str:
    text = str(exc).strip()
    if not text and (exc.__cause__ or exc.__context__):
        return describe(exc.__cause__ or exc.__context__)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def scrub(text: str, secrets: Iterable[str]) -> str:
    # Longest first, so a secret that contains another one is not left half replaced.
    for variant in sorted({v for secret in secrets for v in _variants(secret) if v}, key=len, reverse=True):
        text = text.replace(variant, REDACTED)
    return text[:MAX_MESSAGE_LENGTH]


def _variants(secret: str) -> set[str]:
    # As given, URL-encoded (connection strings), and a PEM key's lines one by one (parsers quote lines).
    variants = {secret, quote(secret, safe=""), pem_private_key(secret).strip()}
    return variants | {line.strip() for line in pem_private_key(secret).splitlines() if len(line.strip()) >= 16}


def _postgres(config: dict[str, Any]) -> str:
    import psycopg2

    ssl_mode = config.get("ssl_mode")
    connection = psycopg2.connect(
        host=config["host"], hostaddr=config.get("hostaddr"), port=int(config["port"]), dbname=config["database"],
        user=config["user"],
        password=config.get("password"), connect_timeout=max(1, int(TIMEOUT_SECONDS)),
        # As the loader connects: "no-verify" is not a libpq mode, so it gets libpq's default.
        sslmode=ssl_mode if ssl_mode and ssl_mode != "no-verify" else "prefer",
        application_name="glue-connectivity-check",
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        connection.close()
    return "Connected to PostgreSQL."


def _bigquery(config: dict[str, Any]) -> str:
    from google.cloud import bigquery
    from google.oauth2 import service_account

    credentials = service_account.Credentials.from_service_account_info({
        "type": "service_account",
        "project_id": config["project_id"],
        "client_email": config["credentials"]["client_email"],
        "private_key": pem_private_key(config["credentials"]["private_key"]),
        "token_uri": GOOGLE_TOKEN_URI,
    })
    client = bigquery.Client(project=config["project_id"], credentials=credentials, location=config.get("location"))
    try:
        job = client.query("SELECT 1", retry=bigquery.DEFAULT_RETRY.with_timeout(TIMEOUT_SECONDS), job_retry=None,
                           timeout=TIMEOUT_SECONDS)
        job.result(timeout=TIMEOUT_SECONDS)
    finally:
        client.close()
    return "Connected to BigQuery: the service account can run query jobs in the project."


def _snowflake(config: dict[str, Any]) -> str:
    import snowflake.connector

    connection = snowflake.connector.connect(
        account=snowflake_account(config["host"]), user=config["username"], password=config.get("password"),
        role=config["role"], warehouse=config["warehouse"], database=config["database"],
        login_timeout=TIMEOUT_SECONDS, network_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS,
        application="Glue",
    )
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT CURRENT_WAREHOUSE(), CURRENT_DATABASE()", timeout=int(TIMEOUT_SECONDS))
        warehouse, database = cursor.fetchone()
    finally:
        connection.close()
    # Snowflake logs in even when the role cannot use the warehouse or database: it just leaves them unset.
    if warehouse is None:
        raise WarehouseRefused(f"Logged in, but role {config['role']} cannot use warehouse {config['warehouse']}.")
    if database is None:
        raise WarehouseRefused(f"Logged in, but role {config['role']} cannot use database {config['database']}.")
    return "Connected to Snowflake: the role can use the warehouse and the database."


def _redshift(config: dict[str, Any]) -> str:
    import redshift_connector

    if not config.get("password"):
        raise WarehouseRefused("The destination has no password: set config.password.")
    connection = redshift_connector.connect(
        # redshift_connector has no hostaddr: the name was checked just before (the loader, on libpq, pins it).
        host=config["host"], port=int(config["port"]), database=config["database"], user=config["username"],
        password=config["password"], timeout=int(TIMEOUT_SECONDS),
    )
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT 1")
        cursor.fetchall()
    finally:
        connection.close()
    _s3_bucket(s3_bucket(config["s3_bucket_name"]), config["s3_bucket_region"], config["s3_key_id"],
               config.get("s3_access_key"))
    return "Connected to Redshift, and the S3 staging bucket accepts the keys."


def _s3(config: dict[str, Any]) -> str:
    _s3_bucket(s3_bucket(config["bucket"]), config["region"], config["access_key_id"],
               config.get("secret_access_key"), config.get("endpoint_url"))
    return "The bucket accepts the keys."


def _s3_bucket(bucket: str, region: str, key_id: str, secret: str | None, endpoint_url: str | None = None) -> None:
    import boto3
    from botocore.config import Config

    client = boto3.client(
        "s3", region_name=region, aws_access_key_id=key_id, aws_secret_access_key=secret, endpoint_url=endpoint_url,
        config=Config(connect_timeout=TIMEOUT_SECONDS, read_timeout=TIMEOUT_SECONDS, retries={"max_attempts": 1}),
    )
    try:
        client.head_bucket(Bucket=bucket)
    except Exception as exc:
        raise WarehouseRefused(f"S3 bucket {bucket}: {describe(exc)}") from exc


CHECKS: dict[str, Callable[[dict[str, Any]], str]] = {
    "postgres": _postgres,
    "bigquery": _bigquery,
    "snowflake": _snowflake,
    "redshift": _redshift,
    "s3": _s3,
}
