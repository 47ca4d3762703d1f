"""POST /mgmt/v2/destinations/{id}/_test: does the warehouse accept the stored credentials?

PostgreSQL is checked for real (the test server). BigQuery, Snowflake and Redshift
cannot be reached from here: their checks run their real client libraries against
ports on this machine (every host name resolves to 127.0.0.1), which shows the
failure answers, the timeouts and that no secret comes back. Their success answers
are covered by the live suites.

No test here times the check: a refused connection is shown to be answered by the
refusal itself (not by the deadline's message), and a silent host by a timeout's message.
How long a check takes belongs to bench/.
"""

from __future__ import annotations

import pytest

from glue_api.destinations import connectivity
from tests.destinations.support import (
    SECRETS,
    bigquery_body,
    private_key_pem,
    redshift_body,
    snowflake_body,
)
from tests.support.warehouse import postgres_destination_body

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:redshift_connector.core")

FAST = 1.5  # client timeouts for these tests, seconds
WAREHOUSES = {"bigquery": bigquery_body, "snowflake": snowflake_body, "redshift": redshift_body}
# What each client library says when nothing listens (BigQuery: Google's token endpoint is the first stop).
REFUSED = {"bigquery": "Connection refused", "snowflake": "Could not connect to Snowflake", "redshift": "Connection refused"}


def check(glue, destination_id: str):
    # Glue's own endpoint is not in Supaglue's spec, so the spec-checking client cannot send it.
    return glue.mgmt.client.post(f"/mgmt/v2/destinations/{destination_id}/_test", headers={"x-api-key": glue.mgmt.api_key})


def create(glue, body: dict) -> str:
    created = glue.mgmt.post("/destinations", json=body)
    assert created.status_code == 201, created.text
    return created.json()["id"]


def assert_no_secret(response, *more: str) -> None:
    key_lines = [line for line in private_key_pem().splitlines() if "PRIVATE KEY" not in line]
    for secret in [*SECRETS, *key_lines, *more]:
        assert secret not in response.text


@pytest.fixture
def fast(monkeypatch):
    monkeypatch.setattr(connectivity, "TIMEOUT_SECONDS", FAST)
    monkeypatch.setattr(connectivity, "DEADLINE_MARGIN_SECONDS", 1.0)


def test_postgres_accepts_the_stored_credentials(glue, warehouse_url):
    response = check(glue, create(glue, postgres_destination_body(warehouse_url)))
    assert response.status_code == 200
    assert response.json() == {"success": True, "message": "Connected to PostgreSQL."}


def test_postgres_wrong_password_answers_the_servers_refusal(glue, warehouse_url):
    body = postgres_destination_body(warehouse_url)
    body["config"]["password"] = "not-the-password-3f9a"
    response = check(glue, create(glue, body))
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "password authentication failed" in response.json()["message"]
    assert_no_secret(response, "not-the-password-3f9a")


def test_postgres_unreachable_answers_with_the_refusal(glue, closed_port):
    body = postgres_destination_body(f"postgresql://glue:pg-secret-8e1d@127.0.0.1:{closed_port}/analytics")
    response = check(glue, create(glue, body))
    assert response.json()["success"] is False
    assert "Connection refused" in response.json()["message"]
    assert_no_secret(response, "pg-secret-8e1d")


@pytest.mark.parametrize("kind", sorted(WAREHOUSES))
def test_unreachable_warehouse_answers_with_the_refusal_without_secrets(
        glue, lookups_to, closed_port, fast, monkeypatch, kind):
    # Short client timeouts, but a deadline far off: on a busy machine (the suite's parallel workers) the client's
    # import, retries and backoff can outlast a tight one, and the deadline's answer would hide the refusal.
    monkeypatch.setattr(connectivity, "DEADLINE_MARGIN_SECONDS", 60.0)
    destination_id = create(glue, WAREHOUSES[kind]())
    lookups_to(closed_port)
    response = check(glue, destination_id)
    assert response.status_code == 200
    answer = response.json()
    assert answer["success"] is False
    # The client's own refusal, not the deadline's answer: the check did not wait for a host that said no.
    assert REFUSED[kind] in answer["message"]
    assert "did not answer within" not in answer["message"]
    assert len(answer["message"]) <= connectivity.MAX_MESSAGE_LENGTH
    assert_no_secret(response)


@pytest.mark.parametrize("kind", sorted(WAREHOUSES))
def test_silent_warehouse_is_given_up_on_at_the_deadline(glue, lookups_to, silent_port, fast, kind):
    """A host that accepts the connection and never answers: the check still answers in bounded time."""
    destination_id = create(glue, WAREHOUSES[kind]())
    lookups_to(silent_port)
    response = check(glue, destination_id)
    answer = response.json()
    assert answer["success"] is False
    assert any(word in answer["message"] for word in ("timed out", "Timeout", "did not answer")), answer["message"]
    assert_no_secret(response)


def test_bigquery_unreadable_key_is_reported_without_the_key(glue):
    garbled = "-----BEGIN PRIVATE KEY-----\nTUlJRXZnSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NCS2d3Z2dTa0FnRUFBb0lCQVFD\n-----END PRIVATE KEY-----\n"
    body = bigquery_body()
    body["config"]["credentials"]["private_key"] = garbled
    response = check(glue, create(glue, body))
    assert response.json()["success"] is False
    assert "key" in response.json()["message"]
    assert_no_secret(response, "TUlJRXZnSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NCS2d3Z2dTa0FnRUFBb0lCQVFD")


def test_redshift_without_password_says_so(glue):
    body = redshift_body()
    del body["config"]["password"]
    response = check(glue, create(glue, body))
    assert response.json() == {"success": False, "message": "WarehouseRefused: The destination has no password: set config.password."}


def test_a_warehouse_message_quoting_a_secret_is_scrubbed(glue, monkeypatch):
    def leaky(config):
        raise RuntimeError(f"login failed for {config['username']} with password {config['password']}")

    monkeypatch.setitem(connectivity.CHECKS, "snowflake", leaky)
    response = check(glue, create(glue, snowflake_body()))
    assert response.json() == {"success": False, "message": "RuntimeError: login failed for glue_loader with password ***"}


def test_managed_destination_needs_no_check(glue):
    response = check(glue, create(glue, {"type": "supaglue"}))
    assert response.json()["success"] is True


def test_unknown_or_foreign_destination_is_not_found(glue):
    response = check(glue, "no-such-destination")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "NOT_FOUND"


def test_scrub_replaces_every_form_of_a_secret():
    secrets = ["p@ss word/1", private_key_pem()]
    key_line = private_key_pem().splitlines()[1]
    text = f"dsn=postgresql://u:p%40ss%20word%2F1@h/d raw=p@ss word/1 key line {key_line}"
    scrubbed = connectivity.scrub(text, secrets)
    assert scrubbed == "dsn=postgresql://u:***@h/d raw=*** key line ***"
