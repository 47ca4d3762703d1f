"""Bad input answers 400/422 in the spec's error body and leaves the store as it was."""

import pytest

from tests.support.store import dump_all_rows

HUBSPOT = {
    "name": "hubspot", "category": "crm", "auth_type": "oauth2",
    "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": ["crm.objects.contacts.read"],
               "credentials": {"oauth_client_id": "cid", "oauth_client_secret": "csecret"}}},
}

CASES = [
    # (method, path, body, why)
    ("PUT", "/customers", {"name": "n", "email": "e"}, "customer_id missing"),
    ("PUT", "/customers", {"customer_id": 42, "name": "n", "email": "e"}, "customer_id is a number"),
    ("PUT", "/customers", {"customer_id": "", "name": "n", "email": "e"}, "customer_id empty"),
    ("PUT", "/customers", [1, 2], "body is not an object"),
    ("POST", "/providers", {**HUBSPOT, "name": "myspace"}, "unknown provider"),
    ("POST", "/providers", {**HUBSPOT, "category": "engagement"}, "wrong category for provider"),
    ("POST", "/providers", {k: v for k, v in HUBSPOT.items() if k != "config"}, "oauth2 without config"),
    ("POST", "/providers", {**HUBSPOT, "config": {"provider_app_id": "a", "oauth": {"oauth_scopes": "all"}}}, "scopes not a list"),
    ("POST", "/destinations", {"type": "oracle", "name": "x", "config": {}}, "unknown destination type"),
    ("POST", "/destinations", {"type": "postgres", "name": "x", "config": {"host": "h"}}, "config fields missing"),
    ("POST", "/destinations", {"type": "postgres", "name": "x", "config": {
        "host": "h", "port": "5432", "database": "d", "schema": "s", "user": "u", "password": "p"}}, "port is a string"),
    ("POST", "/destinations", {"type": "postgres", "name": "x", "config": {
        "host": "h", "port": 70000, "database": "d", "schema": "s", "user": "u", "password": "p"}}, "port out of range"),
    ("POST", "/customers/c1/connections", {"provider_name": "myspace", "type": "api_key", "api_key": "k"}, "unknown provider"),
    ("POST", "/customers/c1/connections", {"provider_name": "hubspot", "type": "oauth2"}, "refresh_token missing"),
    ("POST", "/customers/c1/connections", {"provider_name": "apollo", "type": "oauth2", "api_key": "k"}, "wrong auth type"),
]


@pytest.fixture
def seeded(mgmt):
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "a@acme.test"})
    assert mgmt.post("/providers", json=HUBSPOT).status_code == 201
    return mgmt


def assert_error_body(response, statuses=(400, 422)):
    assert response.status_code in statuses, response.text
    error = response.json()["errors"][0]
    assert error["status"] == str(response.status_code)
    assert error["detail"]


@pytest.mark.parametrize("method,path,body,why", CASES, ids=[c[3] for c in CASES])
def test_invalid_body_is_refused_and_changes_nothing(app, seeded, method, path, body, why):
    before = dump_all_rows(app.state.engine)
    response = seeded.request(method, path, json=body)
    assert_error_body(response)
    assert dump_all_rows(app.state.engine) == before


@pytest.mark.parametrize("path", ["/customers", "/providers", "/destinations", "/customers/c1/connections"])
def test_malformed_json_is_refused(app, seeded, path):
    method = "PUT" if path == "/customers" else "POST"
    before = dump_all_rows(app.state.engine)
    response = seeded.request(method, path, content=b'{"customer_id": ', headers={"content-type": "application/json"})
    assert_error_body(response, (400,))
    assert "JSON" in response.json()["errors"][0]["detail"]
    assert dump_all_rows(app.state.engine) == before


def test_oversized_body_is_refused(app, seeded):
    before = dump_all_rows(app.state.engine)
    huge = {"customer_id": "c2", "name": "x" * (2 * 1024 * 1024), "email": "e"}
    response = seeded.put("/customers", json=huge)
    assert_error_body(response, (400,))
    assert "larger than" in response.json()["errors"][0]["detail"]
    assert dump_all_rows(app.state.engine) == before


def test_oversized_chunked_body_is_refused(app, seeded):
    """No Content-Length: the limit is enforced while the body streams in."""
    before = dump_all_rows(app.state.engine)

    def chunks():
        yield b'{"customer_id": "c3", "name": "'
        for _ in range(40):
            yield b"x" * 65536
        yield b'", "email": "e"}'

    response = seeded.put("/customers", content=chunks(), headers={"content-type": "application/json"})
    assert_error_body(response, (400,))
    assert dump_all_rows(app.state.engine) == before


def test_validation_errors_do_not_echo_values(seeded):
    response = seeded.put("/customers", json={"customer_id": 12345678, "name": "n", "email": "e"})
    assert "12345678" not in response.text
