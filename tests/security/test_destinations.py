"""Finding 3 of the hostile review: a destination's host, Unix socket or S3 endpoint aimed at internal services.

With Glue's default policy (no GLUE_EGRESS_ALLOW) the connectivity check says the address
is not allowed before it connects, in the same words whether something listens there,
nothing does, or the socket does not exist; a sync refuses the same addresses.
"""

from __future__ import annotations

import socket
from pathlib import Path

import psycopg2
import pytest
from sqlalchemy import make_url

from glue_api.destinations.egress import pinned_config
from glue_pipelines.destinations.factory import build_target
from glue_providers.egress import EgressPolicy, EgressRefused
from tests.destinations.conftest import closed_port  # noqa: F401  (fixture)
from tests.pipelines.conftest import glue  # noqa: F401  (fixture)
from tests.support.warehouse import postgres_destination_body


def check(glue, body: dict) -> dict:  # noqa: F811  (the fixture's name)
    created = glue.mgmt.post("/destinations", json=body)
    assert created.status_code == 201, created.text
    response = glue.mgmt.client.post(f"/mgmt/v2/destinations/{created.json()['id']}/_test",
                                     headers={"x-api-key": glue.mgmt.api_key})
    assert response.status_code == 200
    return response.json()


def postgres_at(host: str, port: int, name: str) -> dict:
    return {"name": name, "type": "postgres", "config": {
        "host": host, "port": port, "database": "glue", "schema": "crm", "user": "glue", "password": "pw-7c1e"}}


def test_postgres_on_loopback_or_a_socket_is_not_allowed_and_tells_nothing(
        glue, warehouse_url, closed_port, no_egress_allowance):  # noqa: F811
    live = make_url(warehouse_url)
    answers = [
        check(glue, postgres_at("127.0.0.1", live.port, "open")),
        check(glue, postgres_at("127.0.0.1", closed_port, "closed")),
    ]
    assert answers[0] == answers[1]
    assert answers[0]["success"] is False and "not allowed" in answers[0]["message"]
    sockets = [check(glue, postgres_at(directory, live.port, f"socket{i}"))
               for i, directory in enumerate(("/tmp/egress-pg", "/var/run/postgresql", "/nonexistent"))]
    assert all(a["success"] is False and "Unix sockets are not reachable" in a["message"] for a in sockets)
    assert len({a["message"].split(" is not allowed")[1] for a in sockets}) == 1
    for host in ("localhost", "::1", "169.254.169.254", "0.0.0.0", "10.0.0.5"):
        answer = check(glue, postgres_at(host, live.port, f"other-{host}"))
        assert answer["success"] is False and "not allowed" in answer["message"], host


def test_s3_endpoint_on_loopback_is_not_allowed(glue, no_egress_allowance):  # noqa: F811
    body = {"name": "lake", "type": "s3", "config": {
        "region": "us-east-1", "bucket": "glue-lake", "access_key_id": "AKIAGLUETEST",
        "secret_access_key": "s3-secret-4f1a", "endpoint_url": "http://127.0.0.1:9000"}}
    answer = check(glue, body)
    assert answer["success"] is False and "not allowed" in answer["message"]
    assert "s3-secret-4f1a" not in answer["message"]


def test_a_sync_refuses_the_same_addresses(tmp_path: Path, no_egress_allowance):
    with pytest.raises(EgressRefused, match="not allowed"):
        build_target("postgres", postgres_at("127.0.0.1", 5432, "x")["config"], tmp_path)
    with pytest.raises(EgressRefused, match="Unix sockets"):
        build_target("postgres", postgres_at("/var/run/postgresql", 5432, "x")["config"], tmp_path)
    with pytest.raises(EgressRefused, match="not allowed"):
        build_target("s3", {"region": "us-east-1", "bucket": "b", "access_key_id": "k", "secret_access_key": "s",
                            "endpoint_url": "http://[::1]:9000"}, tmp_path)


def test_the_checked_address_is_the_one_connected_to(warehouse_url):
    """A name that answers differently the second time (DNS rebinding) cannot move the connection:
    libpq gets the checked address as hostaddr."""
    answers = iter([[(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 0))],
                    [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.169.254", 0))]])
    policy = EgressPolicy(EgressPolicy.from_setting("127.0.0.0/8").allowed_networks,
                          resolver=lambda *args, **kwargs: next(answers))
    live = make_url(warehouse_url)
    config = pinned_config("postgres", {**postgres_destination_body(warehouse_url)["config"],
                                        "host": "warehouse.internal.test"}, policy)
    assert config["hostaddr"] == "127.0.0.1" and config["host"] == "warehouse.internal.test"
    connection = psycopg2.connect(host=config["host"], hostaddr=config["hostaddr"], port=live.port,
                                  dbname=live.database, user=live.username, password=live.password)
    connection.close()
    with pytest.raises(EgressRefused, match="never reachable"):
        pinned_config("postgres", {**config, "host": "warehouse.internal.test"}, policy)
