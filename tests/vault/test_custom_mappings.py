"""/vault/custom-mappings/{unified_api}/{service_id}/{target_field_id} on the consumer's connection."""

from __future__ import annotations

import pytest

from tests.support.clients import vault_client
from tests.support.store import dump_all_rows

HUBSPOT = {
    "name": "hubspot", "category": "crm", "auth_type": "oauth2",
    "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": ["crm.objects.contacts.read"],
               "credentials": {"oauth_client_id": "cid", "oauth_client_secret": "csecret"}}},
}
MAPPING = "/vault/custom-mappings/crm/hubspot/crm+contacts+first_aid_training"


@pytest.fixture
def connected(mgmt):
    """consumer-1 has a HubSpot connection."""
    mgmt.put("/customers", json={"customer_id": "consumer-1", "name": "Acme", "email": "it@acme.test"})
    assert mgmt.post("/providers", json=HUBSPOT).status_code == 201
    assert mgmt.post("/customers/consumer-1/connections",
                     json={"provider_name": "hubspot", "type": "oauth2", "refresh_token": "rt-1"}).status_code == 200


def assert_not_found(response):
    assert response.status_code == 404, response.text
    assert response.json()["type_name"] == "EntityNotFoundError"


def test_create_read_update_delete(vault, connected):
    created = vault.post(MAPPING, json={"value": "$.properties.first_aid_training"})
    assert created.status_code == 200, created.text
    assert created.json()["data"] == {
        "id": "crm+contacts+first_aid_training",
        "label": "first_aid_training",
        "description": None,
        "value": "$.properties.first_aid_training",
        "key": "first_aid_training",
        "required": False,
        "custom_field": False,
        "consumer_id": "consumer-1",
    }
    assert vault.get(MAPPING).json()["data"]["value"] == "$.properties.first_aid_training"

    updated = vault.request("PATCH", MAPPING, json={"value": "$.properties['First Aid'][0]"})
    assert updated.status_code == 200, updated.text
    assert updated.json()["data"]["value"] == "$.properties['First Aid'][0]"
    assert vault.get(MAPPING).json()["data"]["value"] == "$.properties['First Aid'][0]"

    deleted = vault.delete(MAPPING)
    assert deleted.status_code == 204 and deleted.content == b""
    assert_not_found(vault.get(MAPPING))
    assert_not_found(vault.delete(MAPPING))
    assert_not_found(vault.request("PATCH", MAPPING, json={"value": "$.x"}))


@pytest.mark.parametrize("expression", [
    "$", "$.a", "$..name", "$.items[*].id", "$.items[0]", "$.items[-1:]", "$.items[?(@.type == 'home')].number",
    "$['odd key'].value",
])
def test_jsonpath_expressions_are_accepted(vault, connected, expression):
    assert vault.post(MAPPING, json={"value": expression}).status_code == 200
    assert vault.get(MAPPING).json()["data"]["value"] == expression


def test_creating_twice_is_a_conflict(app, vault, connected):
    vault.post(MAPPING, json={"value": "$.a"})
    before = dump_all_rows(app.state.engine)
    response = vault.post(MAPPING, json={"value": "$.b"})
    assert response.status_code == 409
    assert dump_all_rows(app.state.engine) == before
    assert vault.get(MAPPING).json()["data"]["value"] == "$.a"


@pytest.mark.parametrize("body", [
    {"value": "$["}, {"value": "root.field"}, {"value": ""}, {"value": "$.a b"}, {"value": "$$"},
    {"value": "$." + "a" * 2000}, {"value": 42}, {"value": None}, {}, [1],
], ids=["unclosed", "no root", "empty", "space", "double root", "too long", "number", "null", "missing", "list"])
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_invalid_values_are_refused_and_change_nothing(app, vault, connected, method, body):
    vault.post(MAPPING, json={"value": "$.kept"})
    before = dump_all_rows(app.state.engine)
    response = vault.request(method, MAPPING, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["type_name"] == "RequestValidationError"
    assert dump_all_rows(app.state.engine) == before


def test_invalid_expression_is_not_echoed(vault, connected):
    response = vault.post(MAPPING, json={"value": "$[secret-looking-thing"})
    assert response.status_code == 400
    assert "secret-looking-thing" not in response.text


def test_without_the_connection_everything_is_404(app, vault, other_vault, http, first_application, connected):
    vault.post(MAPPING, json={"value": "$.a"})
    before = dump_all_rows(app.state.engine)
    stranger = vault_client(http, first_application.api_key, first_application.application_id, "consumer-2")
    for client, path in (
        (vault, "/vault/custom-mappings/crm/pipedrive/crm+contacts+first_aid_training"),  # not connected
        (vault, "/vault/custom-mappings/lead/hubspot/crm+contacts+first_aid_training"),  # wrong unified API
        (vault, "/vault/custom-mappings/crm/myspace/crm+contacts+first_aid_training"),  # unknown service
        (stranger, MAPPING),  # another consumer
        (other_vault, MAPPING),  # another application's consumer-1
    ):
        assert_not_found(client.get(path))
        assert_not_found(client.post(path, json={"value": "$.b"}))
        assert_not_found(client.request("PATCH", path, json={"value": "$.b"}))
        assert_not_found(client.delete(path))
    assert dump_all_rows(app.state.engine) == before


def test_mappings_go_with_their_connection(vault, mgmt, connected):
    vault.post(MAPPING, json={"value": "$.a"})
    assert mgmt.delete("/customers/consumer-1/connections/hubspot").status_code == 204
    assert mgmt.post("/customers/consumer-1/connections",
                     json={"provider_name": "hubspot", "type": "oauth2", "refresh_token": "rt-2"}).status_code == 200
    assert_not_found(vault.get(MAPPING))


def test_authentication_and_consumer_are_required(http, first_application, connected):
    assert http.get(MAPPING).status_code == 401
    no_consumer = vault_client(http, first_application.api_key, first_application.application_id)
    assert no_consumer.get(MAPPING).status_code == 400
