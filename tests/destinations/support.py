"""Warehouse destination bodies, a customer connected through the API, and a run that stops before loading."""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache

import dlt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from dlt.common.schema import Schema

from glue_pipelines.destinations.soft_delete import PLACEHOLDERS
from glue_pipelines.sync import runner
from glue_pipelines.sync.contract import GLUE_PREFIX, column_names
from tests.pipelines.conftest import (
    Emulated,
    Glue,
    oauth_provider_body,
    sync_config_body,
)

CUSTOMER = "c1"
HEADERS = {"x-customer-id": CUSTOMER, "x-provider-name": "hubspot"}
OBJECTS = ["contacts", "companies"]
COUNTS = {"contacts": 30, "companies": 10}


@cache
def private_key_pem() -> str:
    """A real RSA key: google-auth parses the key when a BigQuery client is made, even offline."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def bigquery_body(name: str = "warehouse", **config) -> dict:
    return {"name": name, "type": "bigquery", "config": {
        "project_id": "glue-test-project", "dataset": "crm",
        "credentials": {"client_email": "loader@glue-test-project.iam.gserviceaccount.com",
                        "private_key": private_key_pem()},
    } | config}


def snowflake_body(name: str = "warehouse", **config) -> dict:
    return {"name": name, "type": "snowflake", "config": {
        "host": "xy12345.us-east-1", "role": "LOADER", "warehouse": "COMPUTE_WH", "database": "ANALYTICS",
        "schema": "crm", "username": "glue_loader", "password": "snowflake-password-5d1e",
    } | config}


def redshift_body(name: str = "warehouse", **config) -> dict:
    return {"name": name, "type": "redshift", "config": {
        "host": "analytics.c0ffee.us-west-2.redshift.amazonaws.com", "port": 5439, "username": "glue_loader",
        "database": "analytics", "schema": "crm", "upload_method": "s3_staging", "s3_key_id": "AKIAGLUETESTSTAGING",
        "s3_bucket_name": "glue-staging", "s3_bucket_region": "us-west-2",
        "s3_access_key": "s3-secret-access-key-93c1", "password": "redshift-password-4b2a",
    } | config}


BODIES = {"bigquery": bigquery_body, "snowflake": snowflake_body, "redshift": redshift_body}
SECRETS = ["snowflake-password-5d1e", "s3-secret-access-key-93c1", "redshift-password-4b2a"]


def connect_to(glue: Glue, emulated: Emulated, destination: dict, objects: list[str] = OBJECTS) -> str:
    """Provider config, destination, sync config, customer and connection, all through the Management API."""
    glue.point_at(emulated)
    mgmt = glue.mgmt
    assert mgmt.post("/providers", json=oauth_provider_body(emulated.name)).status_code == 201
    created = mgmt.post("/destinations", json=destination)
    assert created.status_code == 201, created.text
    assert mgmt.post("/sync_configs", json=sync_config_body(emulated.name, objects, destination["name"])).status_code == 201
    mgmt.put("/customers", json={"customer_id": CUSTOMER, "name": "Acme", "email": "it@acme.test"})
    made = mgmt.post(f"/customers/{CUSTOMER}/connections",
                     json={"provider_name": emulated.name, "type": "oauth2", "refresh_token": emulated.refresh_token()})
    assert made.status_code == 200, made.text
    return made.json()["id"]


@dataclass
class SoftDeleteCall:
    destination_type: str
    table: str
    tenant: object


@dataclass
class StoppedRun:
    """What the engine handed to dlt: the pipeline, the target, and the soft deletes it asked for."""

    pipelines: list[dlt.Pipeline] = field(default_factory=list)
    targets: list = field(default_factory=list)
    soft_deletes: list[SoftDeleteCall] = field(default_factory=list)

    @property
    def pipeline(self) -> dlt.Pipeline:
        assert len(self.pipelines) == 1
        return self.pipelines[0]

    def new_jobs(self) -> list:
        """The files normalize produced, as dlt parses their names (table, format): what the warehouse would load."""
        packages = self.pipeline.list_normalized_load_packages()
        assert len(packages) == 1
        return [job.job_file_info for job in self.pipeline.get_load_package_info(packages[0]).jobs["new_jobs"]]


@contextmanager
def stopped_before_loading(monkeypatch):
    """The real runner, but dlt extracts and normalizes only: no warehouse is reached, everything else runs."""
    run = StoppedRun()

    def extract_and_normalize(pipeline, source, target):
        run.pipelines.append(pipeline)
        run.targets.append(target)
        kwargs = {"loader_file_format": target.loader_file_format} if target.loader_file_format else {}
        pipeline.extract(source, **kwargs)
        pipeline.normalize()

    def record_soft_delete(pipeline, destination_type, table, tenant, started, prefix):
        run.soft_deletes.append(SoftDeleteCall(destination_type, table, tenant))
        return 0

    monkeypatch.setattr(runner, "run_pipeline", extract_and_normalize)
    monkeypatch.setattr(runner, "mark_unseen_as_deleted", record_soft_delete)
    yield run


# Contract tables on engines that run offline (fakesnow, PostgreSQL, DuckDB).

CONTRACT = column_names(GLUE_PREFIX)
INSERTED = ["application_id", "provider_name", "customer_id", "id", "emitted_at", "last_modified_at", "is_deleted", "raw_data"]
# dlt's Redshift DDL (varchar(max), SUPER) is not PostgreSQL's: the same table in PostgreSQL's types.
REDSHIFT_TABLE_ON_POSTGRES = (
    "CREATE TABLE {table} (_glue_application_id text, _glue_provider_name text, _glue_customer_id text, _glue_id text, "
    "_glue_emitted_at timestamptz, _glue_last_modified_at timestamptz, _glue_is_deleted boolean, _glue_raw_data jsonb)"
)


def job_client(target, schema: Schema):
    """dlt's job client for a target, as a pipeline with `schema` makes it (no connection yet)."""
    initial = target.destination.spec()
    initial.dataset_name = target.dataset_name
    return target.destination.client(schema.clone(), initial)


def create_with_dlt_ddl(client, table_name: str) -> None:
    """The table as dlt's DDL for this warehouse creates it, in the client's current dataset."""
    table = client.prepare_load_table(table_name)
    if not client.sql_client.has_dataset():
        client.sql_client.create_dataset()
    for statement in client._get_table_update_sql(table_name, list(table["columns"].values()), generate_alter=False):
        client.sql_client.execute_sql(statement)


def insert_contract_rows(sql_client, dialect: str, table_name: str, rows: list[dict]) -> None:
    p = PLACEHOLDERS[dialect]
    values = [f"PARSE_JSON({p})" if name == "raw_data" and dialect == "snowflake" else p for name in INSERTED]
    columns = ", ".join(sql_client.escape_column_name(CONTRACT[name]) for name in INSERTED)
    sql = f"INSERT INTO {sql_client.make_qualified_table_name(table_name)} ({columns}) SELECT {', '.join(values)}"
    for row in rows:
        sql_client.execute_sql(sql, *[json.dumps(row[n]) if n == "raw_data" else row[n] for n in INSERTED])


def select_contract_rows(sql_client, table_name: str, *names: str) -> list[tuple]:
    columns = ", ".join(sql_client.escape_column_name(CONTRACT[name]) for name in names)
    return [tuple(row) for row in sql_client.execute_sql(f"SELECT {columns} FROM {sql_client.make_qualified_table_name(table_name)}")]
