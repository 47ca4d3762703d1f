"""Warehouse destinations through the Management API: what is accepted, what is refused, nothing half-written."""

from __future__ import annotations

import copy

import pytest

from tests.destinations.support import (
    SECRETS,
    bigquery_body,
    private_key_pem,
    redshift_body,
    snowflake_body,
)
from tests.support.store import dump_all_rows

BODIES = {"bigquery": bigquery_body, "snowflake": snowflake_body, "redshift": redshift_body}


def changed(body: dict, path: str, value) -> dict:
    """A copy of `body` with config field `path` (dotted) set to `value`, or removed when value is ...."""
    body = copy.deepcopy(body)
    *parents, leaf = path.split(".")
    node = body["config"]
    for parent in parents:
        node = node[parent]
    if value is ...:
        del node[leaf]
    else:
        node[leaf] = value
    return body


REFUSED = [
    # (body, the field the error names, why)
    (changed(bigquery_body(), "credentials.private_key", ...), "private_key", "key missing on create"),
    (changed(bigquery_body(), "credentials.client_email", "loader"), "client_email", "email is not an email"),
    (changed(bigquery_body(), "credentials", ...), "credentials", "credentials missing"),
    (changed(bigquery_body(), "project_id", "My Project"), "project_id", "project id with capitals and a space"),
    (changed(bigquery_body(), "dataset", "crm-data"), "dataset", "dataset with a dash"),
    (changed(bigquery_body(), "location", "europe west3"), "location", "location with a space"),
    (changed(snowflake_body(), "host", "xy12345 us-east-1"), "host", "account with a space"),
    (changed(snowflake_body(), "host", "https://user@xy12345.snowflakecomputing.com"), "host", "account URL with a user"),
    (changed(snowflake_body(), "host", "xy12345.us-east-1/console"), "host", "account with a path"),
    (changed(snowflake_body(), "password", ...), "password", "password missing on create"),
    (changed(snowflake_body(), "warehouse", ...), "warehouse", "warehouse missing"),
    (changed(snowflake_body(), "role", ""), "role", "role empty"),
    (changed(redshift_body(), "upload_method", "direct"), "upload_method", "upload method other than s3_staging"),
    (changed(redshift_body(), "host", "jdbc:redshift://analytics.example.com:5439/db"), "host", "JDBC URL as host"),
    (changed(redshift_body(), "port", "5439"), "port", "port is a string"),
    (changed(redshift_body(), "s3_bucket_region", "Oregon"), "s3_bucket_region", "region is not an AWS region"),
    (changed(redshift_body(), "s3_key_id", "akia-lowercase"), "s3_key_id", "key id is not an AWS key id"),
    (changed(redshift_body(), "s3_bucket_name", "my bucket"), "s3_bucket_name", "bucket with a space"),
    (changed(redshift_body(), "s3_bucket_name", ...), "s3_bucket_name", "bucket missing"),
    (changed(redshift_body(), "s3_access_key", ...), "s3_access_key", "S3 secret missing on create"),
]

ACCEPTED = [
    (changed(bigquery_body(), "credentials.private_key", private_key_pem().replace("\n", "\\n")), "key with escaped newlines"),
    (changed(bigquery_body(), "project_id", "example.com:glue-project"), "domain-scoped project"),
    (changed(bigquery_body(), "location", "europe-west3"), "a region as location (Glue extension)"),
    (changed(snowflake_body(), "host", "https://xy12345.us-east-1.snowflakecomputing.com"), "account URL"),
    (changed(snowflake_body(), "host", "myorg-analytics"), "organization account name"),
    (changed(redshift_body(), "s3_bucket_name", "s3://glue-staging"), "bucket as an s3 URL"),
    (changed(redshift_body(), "password", ...), "no password (the spec leaves it optional)"),
]


def assert_refused(response, field: str) -> None:
    assert response.status_code in (400, 422), response.text
    error = response.json()["errors"][0]
    assert error["status"] == str(response.status_code)
    assert field in error["detail"]
    for secret in [*SECRETS, private_key_pem().splitlines()[1]]:
        assert secret not in response.text


@pytest.mark.parametrize("body,field,why", REFUSED, ids=[case[2] for case in REFUSED])
def test_malformed_config_is_refused_and_nothing_written(app, mgmt, body, field, why):
    before = dump_all_rows(app.state.engine)
    assert_refused(mgmt.post("/destinations", json=body), field)
    assert dump_all_rows(app.state.engine) == before


@pytest.mark.parametrize("body,why", ACCEPTED, ids=[case[1] for case in ACCEPTED])
def test_the_shapes_users_paste_are_accepted(mgmt, body, why):
    response = mgmt.post("/destinations", json=body)
    assert response.status_code == 201, response.text
    safe = {k: v for k, v in body["config"].items() if k not in ("password", "s3_access_key", "credentials")}
    assert {k: response.json()["config"][k] for k in safe} == safe  # stored as sent


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_create_read_update_list_without_secrets(mgmt, kind):
    body = BODIES[kind]()
    created = mgmt.post("/destinations", json=body)
    assert created.status_code == 201
    destination_id = created.json()["id"]
    update = changed(body, "database" if kind != "bigquery" else "dataset", "analytics_v2") | {"version": 1}
    for secret_field in ("password", "s3_access_key"):
        update["config"].pop(secret_field, None)  # left out: the stored secret stays
    updated = mgmt.put(f"/destinations/{destination_id}", json=update)
    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == 2
    fetched = mgmt.get(f"/destinations/{destination_id}")
    listed = mgmt.get("/destinations")
    assert fetched.json() == updated.json() and listed.json() == [updated.json()]
    for response in (created, updated, fetched, listed):
        assert "private_key" not in response.text and "password" not in response.text
        assert not any(secret in response.text for secret in SECRETS)


UPDATES = [case for case in REFUSED if case[2] in ("email is not an email", "account with a space", "region is not an AWS region")]


@pytest.mark.parametrize("body,field,why", UPDATES, ids=[case[0]["type"] for case in UPDATES])
def test_malformed_update_is_refused_and_the_destination_unchanged(app, mgmt, body, field, why):
    destination_id = mgmt.post("/destinations", json=BODIES[body["type"]]()).json()["id"]
    before = dump_all_rows(app.state.engine)
    assert_refused(mgmt.put(f"/destinations/{destination_id}", json=body | {"version": 1}), field)
    assert dump_all_rows(app.state.engine) == before
    assert mgmt.get(f"/destinations/{destination_id}").json()["version"] == 1
