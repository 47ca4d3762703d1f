"""Hostile input answers 400 in the API's own error body on both stores, never a 500, and stores nothing.

Numbers only ASCII digits spell, cursors only Glue wrote, JSON without NaN/Infinity or
absurd nesting, and no NUL character anywhere (PostgreSQL cannot store one).
"""

from __future__ import annotations

import base64
import json
from urllib.parse import quote

import pytest

from tests.support.clients import vault_client
from tests.support.store import dump_all_rows

HUBSPOT = {
    "name": "hubspot", "category": "crm", "auth_type": "oauth2",
    "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": [], "credentials": {
        "oauth_client_id": "cid", "oauth_client_secret": "csecret"}}},
}
POSTGRES = {"type": "postgres", "name": "warehouse", "config": {
    "host": "db.example.com", "port": 5432, "database": "d", "schema": "s", "user": "u", "password": "p"}}


def stored(app) -> dict:
    """Every row but the request log's: refused requests are logged too."""
    return {table: rows for table, rows in dump_all_rows(app.state.engine).items() if table != "request_logs"}


def assert_supaglue_400(response) -> None:
    assert response.status_code == 400, response.text
    error = response.json()["errors"][0]
    assert error["status"] == "400" and error["detail"]


def assert_vault_400(response) -> None:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["status_code"] == 400 and body["type_name"] == "RequestValidationError" and body["detail"]


def b64(payload) -> str:
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return base64.urlsafe_b64encode(raw).decode()


@pytest.fixture
def vault_as_consumer(http, first_application, mgmt):
    mgmt.put("/customers", json={"customer_id": "consumer-1", "name": "Acme", "email": "a@acme.test"})
    return vault_client(http, first_application.api_key, first_application.application_id, "consumer-1")


# --- numbers and cursors ---------------------------------------------------------------------------------------

BAD_NUMBERS = ["\u00b2", "\u0663", "+5", " 5", "5_0", "-1", "0", "1" * 40, "", "1e2"]
BAD_CURSORS = [
    b64({"k": [], "reverse": False}),  # no key at all
    b64({"k": ["a", "b", "c"], "reverse": False}),  # too many values
    b64({"k": [1, 2], "reverse": False}),  # numbers where strings belong
    b64({"k": [None, None], "reverse": False}),
    b64({"k": [["x"], {"y": 1}], "reverse": False}),
    b64({"k": "ab", "reverse": False}),  # a string is not a list
    b64({"k": ["2024-01-01T00:00:00+00:00", "id"], "reverse": "yes"}),
    b64({"k": ["2024-01-01T00:00:00+00:00", "id"]}),
    b64({"k": ["not a date", "id"], "reverse": False}),
    b64({"k": ["2024-01-01T00:00:00+00:00", "a\u0000b"], "reverse": False}),  # NUL inside
    b64([1, 2]),
    b64("just a string"),
    b64(b"\xff\xfe not utf-8"),
    b64(b"[" * 600),
    "not base64 at all!",
    "\u00e9t\u00e9",
    "A" * 5000,
]


@pytest.mark.parametrize("raw", BAD_NUMBERS)
def test_page_size_is_only_ascii_digits_in_range(mgmt, raw):
    for path in ("/syncs", "/sync-runs"):
        assert_supaglue_400(mgmt.get(path, params={"page_size": raw}))


@pytest.mark.parametrize("raw", ["\u00b2", "\u0663\u0660\u0660", "+500", "5e2", "99", "600"])
def test_log_status_filter_is_only_ascii_digits_in_range(vault_as_consumer, raw):
    assert_vault_400(vault_as_consumer.get("/vault/logs", params={"filter[status_code]": raw}))


@pytest.mark.parametrize("cursor", BAD_CURSORS, ids=range(len(BAD_CURSORS)))
def test_malformed_cursors_are_refused_on_every_paginated_list(mgmt, vault_as_consumer, cursor):
    for path in ("/syncs", "/sync-runs"):
        assert_supaglue_400(mgmt.get(path, params={"cursor": cursor}))
    for path in ("/vault/consumers", "/vault/logs"):
        assert_vault_400(vault_as_consumer.get(path, params={"cursor": cursor}))


def test_cursors_glue_wrote_still_page(mgmt):
    for index in range(3):
        mgmt.put("/customers", json={"customer_id": f"c{index}", "name": "n", "email": "e@x.test"})
    first = mgmt.get("/sync-runs", params={"page_size": "1"})
    assert first.status_code == 200
    # No runs yet: the shape is right and an empty page carries no cursor to follow.
    assert first.json()["next"] is None


# --- JSON bodies --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["Infinity", "-Infinity", "NaN", "1e400", "\"2\"", "1" * 5000, "true", "0.5"])
def test_a_destination_version_must_be_a_real_number(app, mgmt, version):
    created = mgmt.post("/destinations", json=POSTGRES)
    assert created.status_code == 201, created.text
    before = stored(app)
    body = json.dumps(POSTGRES)[:-1] + f', "version": {version}}}'

    response = mgmt.put(f"/destinations/{created.json()['id']}", content=body,
                        headers={"content-type": "application/json"})

    assert_supaglue_400(response)
    assert stored(app) == before


def nested(depth: int) -> dict:
    value: dict = {"leaf": "x"}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


@pytest.mark.parametrize("depth", [33, 254, 300, 5000])
def test_deeply_nested_connection_metadata_is_refused(app, mgmt, vault_as_consumer, depth):
    assert mgmt.post("/providers", json=HUBSPOT).status_code == 201
    before = stored(app)
    body = '{"metadata": ' + '{"a": ' * (depth - 1) + '{"leaf": "x"}' + "}" * (depth - 1) + "}"

    response = vault_as_consumer.post("/vault/connections/crm/hubspot", content=body,
                                      headers={"content-type": "application/json"})

    assert_vault_400(response)
    assert "nested" in response.json()["detail"]
    assert stored(app) == before


def test_metadata_within_the_depth_limit_is_kept(app, mgmt, vault_as_consumer):
    assert mgmt.post("/providers", json=HUBSPOT).status_code == 201
    metadata = nested(30)

    response = vault_as_consumer.post("/vault/connections/crm/hubspot", json={"metadata": metadata})

    assert response.status_code == 200, response.text
    assert response.json()["data"]["metadata"] == metadata


# --- NUL characters ---------------------------------------------------------------------------------------------

NUL_MGMT_CASES = [
    # (method, path, params, body, why)
    ("PUT", "/customers", None, {"customer_id": "a\u0000b", "name": "n", "email": "e@x.test"}, "customer id"),
    ("PUT", "/customers", None, {"customer_id": "c9", "name": "n\u0000", "email": "e@x.test"}, "customer name"),
    ("PUT", "/customers", None, {"customer_id": "c9", "name": "n", "email": "e@x.test", "\u0000": 1}, "a key"),
    ("POST", "/destinations", None, {**POSTGRES, "name": "w\u0000"}, "destination name"),
    ("POST", "/destinations", None, {**POSTGRES, "config": {**POSTGRES["config"], "host": "db\u0000.example.com"}},
     "destination host"),
    ("POST", "/providers", None, {**HUBSPOT, "config": {**HUBSPOT["config"], "provider_app_id": "a\u0000"}},
     "provider app id"),
    ("GET", "/customers/a%00b", None, None, "path value"),
    ("DELETE", "/customers/a%00b", None, None, "path value on delete"),
    ("GET", "/syncs", {"customer_id": "a\u0000b"}, None, "query value"),
    ("GET", "/customers/c1/connections", {"provider_name": "\u0000"}, None, "query value on a list"),
]


@pytest.mark.parametrize("method,path,params,body,why", NUL_MGMT_CASES, ids=[c[4] for c in NUL_MGMT_CASES])
def test_nul_characters_are_refused_by_the_management_api(app, mgmt, method, path, params, body, why):
    mgmt.put("/customers", json={"customer_id": "c1", "name": "n", "email": "e@x.test"})
    before = stored(app)

    response = mgmt.client.request(method, "/mgmt/v2" + path, params=params, json=body,
                                   headers={"x-api-key": mgmt.api_key})

    assert_supaglue_400(response)
    assert "NUL" in response.json()["errors"][0]["detail"]
    assert stored(app) == before


@pytest.mark.parametrize("method,path,body", [
    ("POST", "/vault/sessions", {"consumer_metadata": {"account_name": "a\u0000"}}),
    ("POST", "/vault/connections/crm/hubspot", {"settings": {"x": "\u0000"}}),
    ("PATCH", "/vault/connections/crm/hubspot", {"metadata": {"k": "v\u0000"}}),
    ("GET", "/vault/connections/crm/hub%00spot", None),
    ("GET", "/vault/logs?filter[connector_id]=crm%2Bhub%00spot", None),
])
def test_nul_characters_are_refused_by_the_vault_api(app, mgmt, vault_as_consumer, method, path, body):
    assert mgmt.post("/providers", json=HUBSPOT).status_code == 201
    before = stored(app)

    response = vault_as_consumer.client.request(method, path, json=body, headers=vault_as_consumer.auth_headers)

    assert_vault_400(response)
    assert stored(app) == before


def test_a_nul_in_a_form_post_is_refused(http):
    response = http.post("/vault/session/some-token/crm/hubspot/settings", data={"x": "a\u0000b"})
    assert response.status_code == 400


def test_text_that_is_not_unicode_is_refused(app, mgmt):
    before = stored(app)
    body = '{"customer_id": "\\ud800", "name": "n", "email": "e@x.test"}'

    response = mgmt.put("/customers", content=body, headers={"content-type": "application/json"})

    assert_supaglue_400(response)
    assert stored(app) == before


# --- customer ids -----------------------------------------------------------------------------------------------

UNREACHABLE_IDS = ["a/b", "a%2Fb", "a\\b", ".", "..", "a b", "a?b", "a#b", "a%b", "caf\u00e9", "a\tb"]
REACHABLE_IDS = ["account:12345", "someone@example.com", "a.b-c_d~e", "..a", "tenant=1,region=eu", "it's(1)*"]


@pytest.mark.parametrize("customer_id", UNREACHABLE_IDS)
def test_customer_ids_that_cannot_round_trip_in_a_path_are_refused(app, mgmt, customer_id):
    before = stored(app)

    response = mgmt.put("/customers", json={"customer_id": customer_id, "name": "n", "email": "e@x.test"})

    assert_supaglue_400(response)
    assert "URL path" in response.json()["errors"][0]["detail"]
    assert stored(app) == before


@pytest.mark.parametrize("customer_id", REACHABLE_IDS)
def test_allowed_customer_ids_are_reachable_by_their_path(mgmt, customer_id):
    assert mgmt.put("/customers", json={"customer_id": customer_id, "name": "n", "email": "e@x.test"}).status_code == 200

    response = mgmt.get(f"/customers/{quote(customer_id, safe='')}")

    assert response.status_code == 200, response.text
    assert response.json()["customer_id"] == customer_id


@pytest.mark.parametrize("consumer_id", ["a/b", "..", "a?b", "caf\u00e9"])
def test_vault_consumer_ids_follow_the_same_rule(app, http, first_application, consumer_id):
    headers = {"authorization": f"Bearer {first_application.api_key}",
               "x-apideck-app-id": first_application.application_id}
    before = stored(app)

    header_value = consumer_id if consumer_id.isascii() else quote(consumer_id)  # headers carry ASCII only

    created = http.post("/vault/consumers", headers=headers, json={"consumer_id": consumer_id})
    session = http.post("/vault/sessions", headers={**headers, "x-apideck-consumer-id": header_value})

    assert_vault_400(created)
    assert_vault_400(session)
    assert stored(app) == before
