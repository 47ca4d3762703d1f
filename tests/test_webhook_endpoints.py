"""Glue's own webhook endpoint registration API: /glue/v1/webhook_endpoints."""

import base64
import logging
import re

import pytest

from tests.support.store import dump_all_rows

BASE = "/glue/v1/webhook_endpoints"
SECRET_FORMAT = re.compile(r"^whsec_([A-Za-z0-9+/]+=*)$")


@pytest.fixture
def admin(http, first_application):
    """Calls Glue's own API as the first application (the x-api-key of the Management API)."""

    def call(method: str, path: str = "", **kwargs):
        headers = {"x-api-key": first_application.api_key, **kwargs.pop("headers", {})}
        return http.request(method, BASE + path, headers=headers, **kwargs)

    return call


@pytest.fixture
def other_admin(http, second_application):
    def call(method: str, path: str = "", **kwargs):
        return http.request(method, BASE + path, headers={"x-api-key": second_application.api_key}, **kwargs)

    return call


def assert_supaglue_error(response, status: int) -> None:
    assert response.status_code == status, response.text
    error = response.json()["errors"][0]
    assert error["status"] == str(status) and error["detail"]


def test_create_returns_the_secret_once(admin, app, caplog):
    caplog.set_level(logging.DEBUG)
    created = admin("POST", json={"url": "https://hooks.example.com/glue", "events": ["vault.connection.created"]})
    assert created.status_code == 201, created.text
    body = created.json()
    secret = body["secret"]
    match = SECRET_FORMAT.match(secret)
    assert match and len(base64.b64decode(match.group(1))) >= 24
    assert body["url"] == "https://hooks.example.com/glue"
    assert body["events"] == ["vault.connection.created"]
    assert body["enabled"] is True

    listed = admin("GET")
    assert listed.status_code == 200
    assert [e["id"] for e in listed.json()] == [body["id"]]
    assert "secret" not in listed.json()[0]
    one = admin("GET", f"/{body['id']}")
    assert one.status_code == 200 and "secret" not in one.json()
    for response in (listed, one):
        assert secret not in response.text

    # Sealed at rest, never logged.
    app.state.request_logs.flush()  # request logs are written in batches: scan this test's too
    stored = repr(dump_all_rows(app.state.engine, include_audit=True))
    assert secret not in stored and match.group(1) not in stored
    assert secret not in caplog.text


def test_events_default_to_all_and_star_means_all(admin):
    assert admin("POST", json={"url": "http://127.0.0.1:9/hook"}).json()["events"] == ["*"]
    assert admin("POST", json={"url": "http://127.0.0.1:9/hook", "events": ["*"]}).json()["events"] == ["*"]
    both = admin("POST", json={"url": "http://127.0.0.1:9/hook", "events": ["sync.complete", "sync.paused", "sync.complete"]})
    assert both.json()["events"] == ["sync.complete", "sync.paused"]


def test_rotate_secret_issues_a_new_one(admin):
    created = admin("POST", json={"url": "https://hooks.example.com/glue"}).json()
    rotated = admin("POST", f"/{created['id']}/rotate_secret")
    assert rotated.status_code == 200
    assert SECRET_FORMAT.match(rotated.json()["secret"])
    assert rotated.json()["secret"] != created["secret"]
    assert rotated.json()["id"] == created["id"]
    assert "secret" not in admin("GET").json()[0]


def test_delete(admin):
    created = admin("POST", json={"url": "https://hooks.example.com/glue"}).json()
    assert admin("DELETE", f"/{created['id']}").status_code == 204
    assert_supaglue_error(admin("GET", f"/{created['id']}"), 404)
    assert_supaglue_error(admin("DELETE", f"/{created['id']}"), 404)
    assert admin("GET").json() == []


def test_another_application_sees_nothing(admin, other_admin, app):
    created = admin("POST", json={"url": "https://hooks.example.com/glue"}).json()
    before = dump_all_rows(app.state.engine)
    assert other_admin("GET").json() == []
    assert_supaglue_error(other_admin("GET", f"/{created['id']}"), 404)
    assert_supaglue_error(other_admin("POST", f"/{created['id']}/rotate_secret"), 404)
    assert_supaglue_error(other_admin("DELETE", f"/{created['id']}"), 404)
    assert dump_all_rows(app.state.engine) == before


@pytest.mark.parametrize("body", [
    {},
    {"url": ""},
    {"url": "hooks.example.com/glue"},
    {"url": "/relative"},
    {"url": "ftp://hooks.example.com/glue"},
    {"url": "https://"},
    {"url": 42},
    {"url": "https://hooks.example.com/" + "x" * 3000},
    {"url": "https://hooks.example.com/glue", "events": []},
    {"url": "https://hooks.example.com/glue", "events": ["vault.connection.exploded"]},
    {"url": "https://hooks.example.com/glue", "events": "vault.connection.created"},
], ids=["no url", "empty url", "no scheme", "relative", "ftp", "no host", "number", "too long", "no events",
        "unknown event", "events not a list"])
def test_bad_registration_is_refused_and_changes_nothing(admin, app, body):
    before = dump_all_rows(app.state.engine)
    assert_supaglue_error(admin("POST", json=body), 400)
    assert dump_all_rows(app.state.engine) == before


def test_unknown_event_type_is_not_echoed(admin):
    response = admin("POST", json={"url": "https://hooks.example.com/glue", "events": ["my-private-token-123"]})
    assert_supaglue_error(response, 400)
    assert "my-private-token-123" not in response.text


def test_api_key_is_required(http):
    assert_supaglue_error(http.get(BASE), 401)
    assert_supaglue_error(http.post(BASE, json={"url": "https://hooks.example.com/glue"}, headers={"x-api-key": "glue_sk_nope"}), 401)
