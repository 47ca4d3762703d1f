"""Every stored warehouse config becomes exactly the dlt destination, credentials and client settings it should."""

from __future__ import annotations

from pathlib import Path

import pytest
from dlt.common.configuration.specs import GcpServiceAccountCredentials
from dlt.common.schema import Schema

from glue_pipelines.destinations.factory import BUILDERS, build_target
from glue_pipelines.destinations.redshift import MissingRedshiftPassword
from tests.destinations.support import (
    bigquery_body,
    private_key_pem,
    redshift_body,
    snowflake_body,
)

HOME = Path("/nonexistent/glue-home")  # the warehouses keep nothing on this machine


def stored(body: dict) -> dict:
    """The config as the engine gets it: the safe part and the opened secrets together."""
    return body["config"]


def resolved(target):
    """dlt's configuration of the destination, resolved as a pipeline resolves it (explicit values only)."""
    initial = target.destination.spec()
    initial.dataset_name = target.dataset_name
    return target.destination.configuration(initial)


def client(target):
    initial = target.destination.spec()
    initial.dataset_name = target.dataset_name
    return target.destination.client(Schema("glue"), initial)


def test_every_warehouse_type_has_a_builder():
    assert {"bigquery", "snowflake", "redshift"} <= set(BUILDERS)


# BigQuery


def test_bigquery_service_account_project_dataset_and_jsonl():
    target = build_target("bigquery", stored(bigquery_body()), HOME)
    config = resolved(target)
    assert target.destination.destination_type == "dlt.destinations.bigquery"
    assert (target.dataset_name, target.loader_file_format, target.staging) == ("crm", "jsonl", None)
    assert isinstance(config.credentials, GcpServiceAccountCredentials)
    assert config.credentials.client_email == "loader@glue-test-project.iam.gserviceaccount.com"
    assert config.credentials.private_key == private_key_pem()
    assert config.credentials.project_id == config.project_id == "glue-test-project"
    assert config.location == "US"


def test_bigquery_client_is_made_for_the_project_as_the_service_account():
    bigquery = client(build_target("bigquery", stored(bigquery_body()), HOME))
    google_client = bigquery.sql_client.open_connection()  # makes the client; nothing is sent until a query
    try:
        assert google_client.project == "glue-test-project"
        assert google_client.location == "US"
        assert google_client._credentials.service_account_email == "loader@glue-test-project.iam.gserviceaccount.com"
        assert bigquery.sql_client.make_qualified_table_name("hubspot_contacts") == "`glue-test-project`.`crm`.`hubspot_contacts`"
    finally:
        google_client.close()


def test_bigquery_key_pasted_with_escaped_newlines_is_the_same_key():
    escaped = private_key_pem().replace("\n", "\\n")
    body = bigquery_body()
    body["config"]["credentials"]["private_key"] = escaped
    assert resolved(build_target("bigquery", stored(body), HOME)).credentials.private_key == private_key_pem()


def test_bigquery_dataset_override_and_location():
    target = build_target("bigquery", stored(bigquery_body(location="EU")), HOME, "acme")
    assert target.dataset_name == "acme"
    assert resolved(target).location == "EU"


# Snowflake


@pytest.mark.parametrize("host", [
    "xy12345.us-east-1",
    "xy12345.us-east-1.snowflakecomputing.com",
    "https://xy12345.us-east-1.snowflakecomputing.com/",
])
def test_snowflake_connector_gets_the_account_and_login(host):
    target = build_target("snowflake", stored(snowflake_body(host=host)), HOME)
    assert resolved(target).credentials.to_connector_params() == {
        "account": "xy12345.us-east-1",
        "user": "glue_loader",
        "password": "snowflake-password-5d1e",
        "role": "LOADER",
        "warehouse": "COMPUTE_WH",
        "database": "ANALYTICS",
        "application": "dltHub_dlt",
        "timezone": "UTC",
    }


def test_snowflake_loads_parquet_through_table_stages_and_cleans_them():
    target = build_target("snowflake", stored(snowflake_body()), HOME)
    config = resolved(target)
    assert target.destination.destination_type == "dlt.destinations.snowflake"
    assert (target.dataset_name, target.loader_file_format, target.staging) == ("crm", "parquet", None)
    assert config.stage_name is None  # the table's own stage: PUT, then COPY INTO
    assert config.keep_staged_files is False


def test_snowflake_schema_override_and_case_folding():
    snowflake = client(build_target("snowflake", stored(snowflake_body()), HOME, "acme"))
    assert snowflake.sql_client.make_qualified_table_name("hubspot_contacts") == '"ACME"."HUBSPOT_CONTACTS"'
    assert snowflake.sql_client.escape_column_name("_glue_is_deleted") == '"_GLUE_IS_DELETED"'


# Redshift


def test_redshift_login_and_schema():
    target = build_target("redshift", stored(redshift_body()), HOME)
    credentials = resolved(target).credentials
    assert target.destination.destination_type == "dlt.destinations.redshift"
    assert target.dataset_name == "crm"
    assert credentials.to_native_representation() == (
        "postgresql://glue_loader:redshift-password-4b2a@analytics.c0ffee.us-west-2.redshift.amazonaws.com:5439"
        "/analytics?client_encoding=utf-8&connect_timeout=15"
    )
    assert client(build_target("redshift", stored(redshift_body()), HOME, "acme")).sql_client.make_qualified_table_name(
        "hubspot_contacts") == '"acme"."hubspot_contacts"'


@pytest.mark.parametrize("bucket", ["glue-staging", "s3://glue-staging", "s3://glue-staging/"])
def test_redshift_stages_in_the_configured_bucket_with_its_keys(bucket):
    target = build_target("redshift", stored(redshift_body(s3_bucket_name=bucket)), HOME)
    staging = target.staging
    initial = staging.spec()
    initial.dataset_name = target.dataset_name
    config = staging.configuration(initial)
    assert staging.destination_type == "dlt.destinations.filesystem"
    assert config.bucket_url == "s3://glue-staging"
    assert (config.credentials.aws_access_key_id, config.credentials.aws_secret_access_key, config.credentials.region_name) == (
        "AKIAGLUETESTSTAGING", "s3-secret-access-key-93c1", "us-west-2")


@pytest.mark.parametrize("host,bucket_region,file_format", [
    ("analytics.c0ffee.us-west-2.redshift.amazonaws.com", "us-west-2", "parquet"),
    ("wg.123456789012.us-west-2.redshift-serverless.amazonaws.com", "us-west-2", "parquet"),
    ("analytics.c0ffee.eu-west-1.redshift.amazonaws.com", "us-west-2", "jsonl"),  # no cross-region Parquet COPY
    ("redshift.internal.example.com", "us-west-2", "parquet"),  # region unknown: assume the bucket's
])
def test_redshift_file_format_follows_the_regions(host, bucket_region, file_format):
    target = build_target("redshift", stored(redshift_body(host=host, s3_bucket_region=bucket_region)), HOME)
    assert target.loader_file_format == file_format


def test_redshift_without_password_is_refused_before_any_connection():
    body = redshift_body()
    del body["config"]["password"]
    with pytest.raises(MissingRedshiftPassword, match="no password"):
        build_target("redshift", stored(body), HOME)
