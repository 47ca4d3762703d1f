"""The Apollo and Gong emulators answer key checks as the providers' documentation says."""

from __future__ import annotations

import httpx
import pytest

from glue_emulators import apollo, gong
from glue_emulators.server import EmulatorServer

APOLLO_KEY = "apollo-key-123"
GONG_KEY, GONG_SECRET = "gong-access-key", "gong-secret:with-colon"  # a colon in the password is legal Basic auth


@pytest.fixture
def apollo_emulator():
    return apollo.create_emulator([APOLLO_KEY])


@pytest.fixture
def apollo_api(apollo_emulator):
    with EmulatorServer(apollo_emulator.app) as server, httpx.Client(base_url=server.url) as client:
        yield client


@pytest.fixture
def gong_emulator():
    return gong.create_emulator([(GONG_KEY, GONG_SECRET)])


@pytest.fixture
def gong_api(gong_emulator):
    with EmulatorServer(gong_emulator.app) as server, httpx.Client(base_url=server.url) as client:
        yield client


# Apollo


@pytest.mark.parametrize("path", ["/api/v1/auth/health", "/v1/auth/health"])
def test_apollo_health_with_a_valid_key(apollo_api, path):
    response = apollo_api.get(path, headers={"x-api-key": APOLLO_KEY})
    assert response.status_code == 200
    assert response.json() == {"healthy": True, "is_logged_in": True}


@pytest.mark.parametrize("headers", [{}, {"x-api-key": "not-a-key"}, {"x-api-key": ""},
                                     {"Authorization": f"Bearer {APOLLO_KEY}"}])
def test_apollo_refuses_missing_or_unknown_keys(apollo_api, headers):
    response = apollo_api.get("/api/v1/auth/health", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"error": "Invalid access credentials.", "error_code": "INVALID_API_KEY"}


def test_apollo_key_added_in_code_is_accepted(apollo_emulator, apollo_api):
    assert apollo_api.get("/api/v1/auth/health", headers={"x-api-key": "late-key"}).status_code == 401
    apollo_emulator.add_key("late-key")
    assert apollo_api.get("/api/v1/auth/health", headers={"x-api-key": "late-key"}).status_code == 200


def test_apollo_control_route_registers_a_key_without_echoing_it(apollo_api):
    registered = apollo_api.post("/_emulator/keys", json={"key": "over-http"})
    assert registered.status_code == 200
    assert "over-http" not in registered.text
    assert apollo_api.get("/api/v1/auth/health", headers={"x-api-key": "over-http"}).status_code == 200
    assert apollo_api.get("/api/v1/auth/health", headers={"x-api-key": "other"}).status_code == 401


@pytest.mark.parametrize("body", [{}, {"key": ""}, {"key": 7}, ["k"]])
def test_apollo_control_route_rejects_malformed_bodies(apollo_api, body):
    assert apollo_api.post("/_emulator/keys", json=body).status_code == 400


def test_apollo_keys_are_per_emulator(apollo_api):
    other = apollo.create_emulator(["someone-elses-key"])
    with EmulatorServer(other.app) as server:
        assert httpx.get(server.url + "/api/v1/auth/health", headers={"x-api-key": APOLLO_KEY}).status_code == 401
    assert apollo_api.get("/api/v1/auth/health", headers={"x-api-key": "someone-elses-key"}).status_code == 401


def test_apollo_faults(apollo_api):
    assert apollo_api.post("/_emulator/faults", json={"server_error_every": 1}).status_code == 200
    failed = apollo_api.get("/api/v1/auth/health", headers={"x-api-key": APOLLO_KEY})
    assert failed.status_code == 500 and "error" in failed.json()
    apollo_api.post("/_emulator/faults", json={"server_error_every": 0, "rate_limit_every": 1,
                                               "retry_after_seconds": 2})
    limited = apollo_api.get("/api/v1/auth/health", headers={"x-api-key": APOLLO_KEY})
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "2"
    assert apollo_api.post("/_emulator/faults", json={"no_such_fault": 1}).status_code == 400


def test_apollo_unknown_path_needs_a_key_first(apollo_api):
    assert apollo_api.get("/api/v1/opportunities/search").status_code == 401
    assert apollo_api.get("/api/v1/opportunities/search", headers={"x-api-key": APOLLO_KEY}).status_code == 404


# Gong


def test_gong_lists_users_for_valid_credentials(gong_api):
    response = gong_api.get("/v2/users", auth=(GONG_KEY, GONG_SECRET))
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body["requestId"], str) and body["requestId"]
    users = body["users"]
    assert len(users) >= 2
    assert body["records"] == {"totalRecords": len(users), "currentPageSize": len(users), "currentPageNumber": 0}
    for user in users:
        assert set(user) >= {"id", "emailAddress", "firstName", "lastName", "active"}
        assert user["id"].isdigit() and len(user["id"]) <= 20
    again = gong_api.get("/v2/users", auth=(GONG_KEY, GONG_SECRET)).json()
    assert again["users"] == users  # deterministic
    assert again["requestId"] != body["requestId"]


@pytest.mark.parametrize("auth", [None, (GONG_KEY, "wrong-secret"), ("wrong-key", GONG_SECRET),
                                  (GONG_SECRET, GONG_KEY)])
def test_gong_refuses_bad_credentials(gong_api, auth):
    response = gong_api.get("/v2/users", auth=auth)
    assert response.status_code == 401
    body = response.json()
    assert set(body) == {"requestId", "errors"}
    assert isinstance(body["errors"], list) and body["errors"] and all(isinstance(e, str) for e in body["errors"])


@pytest.mark.parametrize("authorization", ["Bearer gong-access-key", "Basic !!!not-base64", "Basic Z29uZw=="])
def test_gong_refuses_malformed_authorization(gong_api, authorization):
    assert gong_api.get("/v2/users", headers={"Authorization": authorization}).status_code == 401


def test_gong_credentials_added_in_code_and_over_http(gong_emulator, gong_api):
    gong_emulator.add_credentials("k2", "s2")
    assert gong_api.get("/v2/users", auth=("k2", "s2")).status_code == 200
    registered = gong_api.post("/_emulator/credentials", json={"access_key": "k3", "access_key_secret": "s3"})
    assert registered.status_code == 200 and "s3" not in registered.text
    assert gong_api.get("/v2/users", auth=("k3", "s3")).status_code == 200
    assert gong_api.get("/v2/users", auth=("k3", "s2")).status_code == 401  # the pair counts, not each half


@pytest.mark.parametrize("body", [{"access_key": "k"}, {"access_key": "k", "access_key_secret": ""}, "k:s"])
def test_gong_control_route_rejects_malformed_bodies(gong_api, body):
    assert gong_api.post("/_emulator/credentials", json=body).status_code == 400


def test_gong_faults_use_gong_error_body(gong_api):
    gong_api.post("/_emulator/faults", json={"rate_limit_every": 1, "retry_after_seconds": 1})
    limited = gong_api.get("/v2/users", auth=(GONG_KEY, GONG_SECRET))
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "1"
    assert set(limited.json()) == {"requestId", "errors"}
