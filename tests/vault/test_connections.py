"""Vault connections: one per connector the application enabled, per consumer."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

import httpx
import pytest
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Connection, Event, OAuthAttempt, ProviderConfig
from glue_emulators.server import EmulatorServer
from tests.support.store import dump_all_rows

CLIENT_ID, CLIENT_SECRET = "glue-vault-client", "glue-vault-client-secret"
API_KEY = "apollo-secret-key-0123456789"
MASK = "********"


def oauth_integration(name: str) -> dict:
    return {
        "name": name, "category": "crm", "auth_type": "oauth2",
        "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": [], "credentials": {
            "oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}},
    }


APOLLO = {"name": "apollo", "category": "engagement", "auth_type": "api_key"}
GONG = {"name": "gong", "category": "no_category", "auth_type": "access_key_secret"}


def stored(app) -> dict:
    """Every row, but the request log: refused calls are logged too."""
    return {table: rows for table, rows in dump_all_rows(app.state.engine).items() if table != "request_logs"}


def patch(client, path, **kwargs):
    return client.request("PATCH", path, **kwargs)


def enable(mgmt, *integrations: dict) -> None:
    for body in integrations:
        response = mgmt.post("/providers", json=body)
        assert response.status_code == 201, response.text


def events(app, event_type: str | None = None) -> list[Event]:
    with transaction(app.state.session_factory) as session:
        query = select(Event).order_by(Event.created_at)
        if event_type:
            query = query.where(Event.type == event_type)
        return list(session.scalars(query))


def credentials_of(app, connection_id: str) -> dict | None:
    with transaction(app.state.session_factory) as session:
        connection = session.get(Connection, connection_id)
        return app.state.keyring.open_json(connection.credentials) if connection.credentials else None


def connection_row(app, connection_id: str) -> Connection:
    with transaction(app.state.session_factory) as session:
        return session.get(Connection, connection_id)


@pytest.fixture
def hubspot(mgmt):
    enable(mgmt, oauth_integration("hubspot"))


@pytest.fixture
def apollo(mgmt):
    enable(mgmt, APOLLO)


# --- listing -----------------------------------------------------------------------------------------------------


def test_every_enabled_connector_is_listed_as_available_before_the_consumer_connects(vault, mgmt, hubspot, apollo):
    response = vault.get("/vault/connections")

    assert response.status_code == 200
    by_service = {c["service_id"]: c for c in response.json()["data"]}
    assert set(by_service) == {"hubspot", "apollo"}
    hubspot = by_service["hubspot"]
    assert hubspot["id"] == "crm+hubspot" and hubspot["unified_api"] == "crm" and hubspot["name"] == "HubSpot"
    assert hubspot["state"] == "available" and hubspot["integration_state"] == "configured"
    assert hubspot["auth_type"] == "oauth2" and hubspot["oauth_grant_type"] == "authorization_code"
    assert hubspot["authorize_url"] is None and hubspot["revoke_url"] is None
    assert hubspot["configurable_resources"] == ["contacts", "companies", "opportunities", "leads", "users"]
    apollo = by_service["apollo"]
    assert apollo["auth_type"] == "apiKey" and apollo["unified_api"] == "crm"  # the Vault has no engagement family
    assert apollo["form_fields"][0] | {"description": None} == {
        "id": "api_key", "label": "API key", "placeholder": "", "description": None, "type": "text",
        "required": True, "custom_field": False, "allow_custom_values": False, "disabled": False, "hidden": False,
        "deprecated": False, "sensitive": True, "options": []}


def test_the_list_filters_by_unified_api_and_by_whether_the_consumer_configured_it(vault, hubspot, apollo):
    assert vault.post("/vault/connections/crm/hubspot", json={}).status_code == 200

    def services(**params):
        return [c["service_id"] for c in vault.get("/vault/connections", params=params).json()["data"]]

    assert services(api="crm") == ["hubspot", "apollo"]  # sales engagement tools are the Vault's crm
    assert services(api="lead") == []
    assert services(api="hris") == []
    assert services(configured="true") == ["hubspot"]
    assert services(configured="false") == ["apollo"]
    assert services(api="crm", configured="false") == ["apollo"]
    assert services(api="hris", configured="false") == []


def test_the_list_needs_a_consumer_id(vault, hubspot):
    response = vault.get("/vault/connections", headers={"x-apideck-consumer-id": ""})

    assert response.status_code == 400


def test_an_oauth_connector_without_the_applications_client_needs_configuration(app, vault, first_application):
    with transaction(app.state.session_factory) as session:
        session.add(ProviderConfig(application_id=first_application.application_id, name="pipedrive",
                                   category="crm", auth_type="oauth2"))

    connection = vault.get("/vault/connections/crm/pipedrive").json()["data"]

    assert connection["integration_state"] == "needs_configuration"
    assert connection["settings_required_for_authorization"] == ["client_id", "client_secret"]


# --- add, get, update, delete ------------------------------------------------------------------------------------


def test_adding_an_oauth_connection_gives_authorize_links_and_the_management_api_sees_it(
    app, vault, mgmt, hubspot, first_application
):
    response = vault.post("/vault/connections/crm/hubspot", json={"metadata": {"plan": "enterprise"}})

    assert response.status_code == 200, response.text
    connection = response.json()["data"]
    assert connection["state"] == "added" and connection["enabled"] is True
    assert connection["metadata"] == {"plan": "enterprise"}
    assert connection["authorize_url"].startswith(
        f"http://glue.test/vault/authorize/hubspot/{first_application.application_id}?state=")
    assert connection["revoke_url"] is None
    assert isinstance(connection["created_at"], int)
    listed = mgmt.get("/customers/consumer-1/connections").json()
    assert [(c["id"], c["provider_name"], c["category"]) for c in listed] == [(connection["id"], "hubspot", "crm")]
    assert [e.payload["entity_id"] for e in events(app, "vault.connection.created")] == [connection["id"]]
    assert vault.get("/vault/connections/crm/hubspot").json()["data"]["id"] == connection["id"]


def test_reads_write_no_oauth_attempts(app, vault, hubspot):
    vault.post("/vault/connections/crm/hubspot", json={})
    before = stored(app)

    for _ in range(3):
        assert vault.get("/vault/connections").json()["data"][0]["authorize_url"]
        assert vault.get("/vault/connections/crm/hubspot").json()["data"]["authorize_url"]

    assert stored(app) == before
    with transaction(app.state.session_factory) as session:
        assert session.scalars(select(OAuthAttempt)).all() == []


def test_each_read_hands_out_a_fresh_authorize_state(vault, hubspot):
    vault.post("/vault/connections/crm/hubspot", json={})

    first = vault.get("/vault/connections/crm/hubspot").json()["data"]["authorize_url"]
    second = vault.get("/vault/connections").json()["data"][0]["authorize_url"]

    assert first.split("state=")[1] != second.split("state=")[1]


def test_an_api_key_connection_is_authorized_by_its_settings_and_never_shows_the_key(app, vault, mgmt, apollo):
    response = vault.post("/vault/connections/crm/apollo", json={"settings": {"api_key": API_KEY}})

    assert response.status_code == 200
    connection = response.json()["data"]
    assert connection["state"] == "authorized"
    assert connection["settings"] == {"api_key": MASK}
    assert connection["form_fields"][0]["value"] == MASK
    assert connection["authorize_url"] is None
    assert API_KEY not in response.text
    assert credentials_of(app, connection["id"]) == {"type": "api_key", "api_key": API_KEY}
    assert connection_row(app, connection["id"]).settings == {}
    assert API_KEY not in str(dump_all_rows(app.state.engine))
    assert API_KEY not in str([e.payload for e in events(app)])
    assert mgmt.get("/customers/consumer-1/connections/apollo").json()["provider_name"] == "apollo"


def test_an_api_key_connection_is_added_until_its_key_is_set(app, vault, apollo):
    added = vault.post("/vault/connections/crm/apollo", json={}).json()["data"]
    assert added["state"] == "added" and added["settings"] == {}

    authorized = patch(vault, "/vault/connections/crm/apollo", json={"settings": {"api_key": API_KEY}})

    assert authorized.json()["data"]["state"] == "authorized"
    assert credentials_of(app, added["id"])["api_key"] == API_KEY


def test_writing_back_the_mask_keeps_the_stored_secret(app, vault, apollo):
    connection = vault.post("/vault/connections/crm/apollo", json={"settings": {"api_key": API_KEY}}).json()

    again = patch(vault, "/vault/connections/crm/apollo", json=connection["data"])

    assert again.status_code == 200
    assert credentials_of(app, connection["data"]["id"])["api_key"] == API_KEY


def test_a_new_key_replaces_the_old_one_and_clearing_it_goes_back_to_added(app, vault, apollo):
    connection_id = vault.post("/vault/connections/crm/apollo",
                               json={"settings": {"api_key": API_KEY}}).json()["data"]["id"]

    patch(vault, "/vault/connections/crm/apollo", json={"settings": {"api_key": "second-key"}})
    assert credentials_of(app, connection_id)["api_key"] == "second-key"

    cleared = patch(vault, "/vault/connections/crm/apollo", json={"settings": {"api_key": None}})
    assert cleared.json()["data"]["state"] == "added" and cleared.json()["data"]["settings"] == {}
    assert credentials_of(app, connection_id) is None


def test_key_and_secret_connectors_store_both_where_the_sync_engine_reads_them(app, vault, mgmt):
    enable(mgmt, GONG)

    response = vault.post("/vault/connections/crm/gong",
                          json={"settings": {"access_key": "gong-key", "access_key_secret": "gong-secret"}})

    connection = response.json()["data"]
    assert connection["auth_type"] == "basic" and connection["state"] == "authorized"
    assert connection["settings"] == {"access_key": MASK, "access_key_secret": MASK}
    assert credentials_of(app, connection["id"]) == {
        "type": "access_key_secret", "access_key": "gong-key", "access_key_secret": "gong-secret"}
    half = vault.post("/vault/consumers", json={"consumer_id": "c2"})
    assert half.status_code == 200
    only_key = vault.post("/vault/connections/crm/gong", headers={"x-apideck-consumer-id": "c2"},
                          json={"settings": {"access_key": "gong-key"}})
    assert only_key.json()["data"]["state"] == "added"


def test_salesforce_settings_are_plain_and_the_instance_url_reaches_the_management_api(app, vault, mgmt):
    enable(mgmt, oauth_integration("salesforce"))
    settings = {"instance_url": "https://acme.my.salesforce.com", "login_url": "https://test.salesforce.com"}

    connection = vault.post("/vault/connections/crm/salesforce", json={"settings": settings}).json()["data"]

    assert connection["settings"] == settings
    assert {f["id"]: f.get("value") for f in connection["form_fields"]} == settings
    assert connection["state"] == "added"
    assert mgmt.get("/customers/consumer-1/connections/salesforce").json()["instance_url"] == settings["instance_url"]


def test_disabling_a_connection_is_announced_as_disabled_and_other_changes_as_updated(app, vault, hubspot):
    connection_id = vault.post("/vault/connections/crm/hubspot", json={}).json()["data"]["id"]

    disabled = patch(vault, "/vault/connections/crm/hubspot", json={"enabled": False})
    assert disabled.json()["data"]["enabled"] is False
    patch(vault, "/vault/connections/crm/hubspot", json={"metadata": {"team": "emea"}})
    patch(vault, "/vault/connections/crm/hubspot", json={"enabled": True})

    assert [e.type for e in events(app) if e.payload["entity_id"] == connection_id] == [
        "vault.connection.created", "vault.connection.disabled", "vault.connection.updated",
        "vault.connection.updated"]
    final = vault.get("/vault/connections/crm/hubspot").json()["data"]
    assert final["enabled"] is True and final["metadata"] == {"team": "emea"}
    disabled_event = events(app, "vault.connection.disabled")[0].payload
    assert disabled_event["entity"]["enabled"] is False and disabled_event["service_id"] == "hubspot"


def test_deleting_a_connection_leaves_the_connector_available(app, vault, mgmt, apollo):
    connection_id = vault.post("/vault/connections/crm/apollo",
                               json={"settings": {"api_key": API_KEY}}).json()["data"]["id"]

    response = vault.delete("/vault/connections/crm/apollo")

    assert response.status_code == 204 and response.content == b""
    assert vault.get("/vault/connections/crm/apollo").json()["data"]["state"] == "available"
    assert mgmt.get("/customers/consumer-1/connections/apollo").status_code == 404
    assert [e.payload["entity_id"] for e in events(app, "vault.connection.deleted")] == [connection_id]
    assert vault.delete("/vault/connections/crm/apollo").status_code == 404


def test_adding_a_connection_twice_is_a_conflict(app, vault, hubspot):
    vault.post("/vault/connections/crm/hubspot", json={})
    before = stored(app)

    response = vault.post("/vault/connections/crm/hubspot", json={})

    assert response.status_code == 409
    assert stored(app) == before


@pytest.mark.parametrize("path", [
    "/vault/connections/crm/pipedrive",  # a connector the application has not enabled
    "/vault/connections/crm/myspace",  # a connector Glue does not know
    "/vault/connections/lead/hubspot",  # the wrong unified API
])
def test_unknown_or_disabled_connectors_are_not_found(app, vault, hubspot, path):
    before = stored(app)

    assert vault.get(path).status_code == 404
    assert vault.post(path, json={}).status_code == 404
    assert patch(vault, path, json={"enabled": False}).status_code == 404
    assert vault.delete(path).status_code == 404
    assert stored(app) == before


def test_changing_a_connection_the_consumer_does_not_have_is_not_found(vault, hubspot):
    assert patch(vault, "/vault/connections/crm/hubspot", json={"enabled": False}).status_code == 404


@pytest.mark.parametrize("body", [
    {"settings": {"password": "x"}},  # not one of the connector's settings
    {"settings": {"api_key": 12345}},  # a number where the key belongs
    {"settings": {"api_key": ""}},  # an empty secret
    {"settings": "api_key"},
    {"enabled": "yes"},
    {"metadata": ["a"]},
    {"configuration": [{"resource": "opportunities", "defaults": []}]},  # not one of apollo's resources
    {"configuration": [{"defaults": []}]},
])
def test_bad_connection_bodies_are_refused_and_change_nothing(app, vault, apollo, body):
    vault.post("/vault/connections/crm/apollo", json={"settings": {"api_key": API_KEY}})
    before = stored(app)

    response = patch(vault, "/vault/connections/crm/apollo", json=body)

    assert response.status_code == 400, response.text
    error = response.json()
    assert error["type_name"] == "RequestValidationError" and error["detail"]
    assert API_KEY not in response.text
    assert stored(app) == before


def test_a_bad_url_setting_is_refused(app, vault, mgmt):
    enable(mgmt, oauth_integration("salesforce"))
    before = stored(app)

    response = vault.post("/vault/connections/crm/salesforce", json={"settings": {"login_url": "file:///etc/passwd"}})

    assert response.status_code == 400
    assert stored(app) == before


# --- import and token --------------------------------------------------------------------------------------------


def test_imported_tokens_make_a_callable_connection_without_showing_them(app, vault, mgmt, hubspot):
    issued = datetime.now(timezone.utc).isoformat()
    body = {"credentials": {"access_token": "imported-access", "refresh_token": "imported-refresh",
                            "issued_at": issued, "expires_in": 3600},
            "metadata": {"source": "migration"}}

    response = vault.post("/vault/connections/crm/hubspot/import", json=body)

    assert response.status_code == 200, response.text
    connection = response.json()["data"]
    assert connection["state"] == "callable" and connection["metadata"] == {"source": "migration"}
    assert connection["revoke_url"].startswith("http://glue.test/vault/revoke/hubspot/")
    assert "imported-access" not in response.text and "imported-refresh" not in response.text
    credentials = credentials_of(app, connection["id"])
    assert credentials["access_token"] == "imported-access" and credentials["refresh_token"] == "imported-refresh"
    assert datetime.fromisoformat(credentials["expires_at"]) > datetime.now(timezone.utc)
    assert [e.type for e in events(app)] == ["vault.connection.created", "vault.connection.callable"]
    assert mgmt.get("/customers/consumer-1/connections/hubspot").status_code == 200


def test_a_token_without_its_issue_time_is_queued_for_refresh(app, vault, hubspot):
    vault.post("/vault/connections/crm/hubspot", json={})

    response = vault.post("/vault/connections/crm/hubspot/import",
                          json={"credentials": {"access_token": "a", "refresh_token": "r", "expires_in": 3600}})

    connection = response.json()["data"]
    assert connection["state"] == "authorized"
    assert credentials_of(app, connection["id"])["expires_at"] is None
    assert [e.type for e in events(app)] == ["vault.connection.created", "vault.connection.updated"]


@pytest.mark.parametrize("service,body,status", [
    ("crm/hubspot", {"credentials": {}}, 400),
    ("crm/hubspot", {"credentials": {"access_token": "a", "id_token": "x"}}, 400),
    ("crm/hubspot", {"credentials": {"access_token": 5}}, 400),
    ("crm/hubspot", {"credentials": {"access_token": "a", "issued_at": "noon"}}, 400),
    ("crm/hubspot", {"credentials": {"access_token": "a", "expires_in": -1}}, 400),
    ("crm/hubspot", {}, 400),
    ("crm/apollo", {"credentials": {"access_token": "a"}}, 422),
])
def test_bad_imports_are_refused_and_change_nothing(app, vault, hubspot, apollo, service, body, status):
    before = stored(app)

    response = vault.post(f"/vault/connections/{service}/import", json=body)

    assert response.status_code == status, response.text
    assert stored(app) == before


def test_the_token_exchange_is_not_offered_for_glues_connectors(app, vault, hubspot):
    assert vault.post("/vault/connections/crm/hubspot/token", json={}).status_code == 404
    vault.post("/vault/connections/crm/hubspot", json={})
    before = stored(app)

    response = vault.post("/vault/connections/crm/hubspot/token", json={})

    assert response.status_code == 422  # the operation is for client-credentials connectors (Marketo)
    assert "client_credentials" in response.json()["detail"]
    assert vault.post("/vault/connections/crm/hubspot/token").status_code == 422
    assert vault.post("/vault/connections/crm/hubspot/token", json={"client_secret": "x"}).status_code == 400
    assert stored(app) == before


# --- resources ---------------------------------------------------------------------------------------------------


def test_resource_config_is_kept_per_resource(app, vault, hubspot):
    vault.post("/vault/connections/crm/hubspot", json={})
    empty = vault.get("/vault/connections/crm/hubspot/leads/config").json()["data"]
    assert empty["configuration"] == [{"resource": "leads", "defaults": []}]

    body = {"configuration": [{"resource": "leads", "defaults": [
        {"id": "lead_source", "value": "Web", "options": [{"label": "Web", "value": "Web"}]},
        {"id": "tags", "value": ["a", "b"]}]}]}
    response = patch(vault, "/vault/connections/crm/hubspot/leads/config", json=body)

    assert response.status_code == 200, response.text
    assert response.json()["data"]["configuration"] == [{"resource": "leads", "defaults": [
        {"target": "resource", "id": "lead_source", "value": "Web", "options": [{"label": "Web", "value": "Web"}]},
        {"target": "resource", "id": "tags", "value": ["a", "b"]}]}]
    patch(vault, "/vault/connections/crm/hubspot", json={"configuration": [
        {"resource": "contacts", "defaults": [{"id": "owner", "value": 7}]}]})
    whole = vault.get("/vault/connections/crm/hubspot").json()["data"]
    assert [c["resource"] for c in whole["configuration"]] == ["leads", "contacts"]
    assert whole["settings"] == {}  # the resource configuration is not a setting
    consumer = vault.get("/vault/consumers/consumer-1").json()["data"]
    assert consumer["connections"][0]["settings"] is None
    assert vault.get("/vault/connections/crm/hubspot/contacts/config").json()["data"]["configuration"] == [
        {"resource": "contacts", "defaults": [{"target": "resource", "id": "owner", "value": 7}]}]


@pytest.mark.parametrize("path,body,status", [
    ("/vault/connections/crm/hubspot/leads/config", {"configuration": [{"resource": "contacts", "defaults": []}]}, 400),
    ("/vault/connections/crm/hubspot/leads/config", {"configuration": []}, 400),
    ("/vault/connections/crm/hubspot/leads/config", {"configuration": [{"resource": "leads", "defaults": [
        {"id": "x", "value": {"nested": True}}]}]}, 400),
    ("/vault/connections/crm/hubspot/tickets/config", {"configuration": [{"resource": "tickets", "defaults": []}]},
     404),
])
def test_bad_resource_config_is_refused(app, vault, hubspot, path, body, status):
    vault.post("/vault/connections/crm/hubspot", json={})
    before = stored(app)

    response = patch(vault, path, json=body)

    assert response.status_code == status, response.text
    assert stored(app) == before


def test_resource_schema_and_example_describe_the_providers_record(vault, mgmt):
    enable(mgmt, oauth_integration("salesforce"), oauth_integration("hubspot"))
    vault.post("/vault/connections/crm/salesforce", json={})
    vault.post("/vault/connections/crm/hubspot", json={})

    schema = vault.get("/vault/connections/crm/salesforce/contacts/schema").json()["data"]
    assert schema["type"] == "object"
    assert schema["properties"]["Email"] == {"type": "string"}
    assert schema["properties"]["attributes"]["properties"]["type"] == {"type": "string"}
    example = vault.get("/vault/connections/crm/hubspot/opportunities/example").json()["data"]
    assert example["unified_api"] == "crm" and example["service_id"] == "hubspot"
    assert example["resource"] == {"id": "opportunities", "name": "Opportunities", "status": "live",
                                   "downstream_id": "deals", "downstream_name": "Deals"}
    assert example["example_response"]["properties"]["dealname"]
    hubspot_schema = vault.get("/vault/connections/crm/hubspot/contacts/schema").json()["data"]
    assert hubspot_schema["properties"]["properties"]["properties"]["email"] == {"type": "string"}
    assert vault.get("/vault/connections/crm/hubspot/tickets/schema").status_code == 404
    assert vault.get("/vault/connections/crm/pipedrive/contacts/schema").status_code == 404


def test_custom_fields_need_an_authorized_connection(vault, mgmt):
    enable(mgmt, oauth_integration("hubspot"))
    vault.post("/vault/connections/crm/hubspot", json={})

    not_authorized = vault.get("/vault/connections/crm/hubspot/contacts/custom-fields")
    assert not_authorized.status_code == 422 and not_authorized.json()["type_name"] == "InvalidStateError"


@pytest.fixture
def emulated(app):
    started = []

    def start(name: str, counts: dict[str, int]):
        module = __import__(f"glue_emulators.{name}", fromlist=["create_emulator"])
        emulator = module.create_emulator(counts)
        emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
        server = EmulatorServer(emulator.app).start()
        started.append(server)
        app.state.settings.provider_base_urls[name] = server.url
        return emulator, server

    yield start
    for server in started:
        server.stop()


@pytest.mark.parametrize("service,counts", [("salesforce", {"Contact": 3}), ("hubspot", {"contacts": 3})])
def test_custom_fields_are_read_live_from_the_provider(vault, mgmt, emulated, service, counts):
    emulator, server = emulated(service, counts)
    enable(mgmt, oauth_integration(service))
    tokens = emulator.oauth.mint(CLIENT_ID, [])
    imported = vault.post(f"/vault/connections/crm/{service}/import", json={"credentials": {
        "access_token": tokens["access_token"], "refresh_token": tokens["refresh_token"],
        "issued_at": datetime.now(timezone.utc).isoformat(), "expires_in": 1800}})
    assert imported.json()["data"]["state"] == "callable"

    response = vault.get(f"/vault/connections/crm/{service}/contacts/custom-fields")

    # The emulated orgs' standard objects carry no custom fields of their own.
    assert response.status_code == 200, response.text
    assert response.json()["data"] == []
    httpx.post(f"{server.url}/_emulator/tokens/revoke_all", timeout=30).raise_for_status()
    refused = vault.get(f"/vault/connections/crm/{service}/contacts/custom-fields")
    assert refused.status_code == 502 and refused.json()["type_name"] == "ConnectorExecutionError"
    assert tokens["access_token"] not in refused.text
    assert vault.get(f"/vault/connections/crm/{service}/contacts/custom-fields",
                     params={"resource_id": "1"}).status_code == 501


def test_pipedrive_custom_fields_are_the_companys_own_fields(vault, mgmt, emulated):
    emulator, server = emulated("pipedrive", {"persons": 3})
    enable(mgmt, oauth_integration("pipedrive"))
    tokens = emulator.oauth.mint(CLIENT_ID, [])
    vault.post("/vault/connections/crm/pipedrive/import", json={"credentials": {
        "access_token": tokens["access_token"], "refresh_token": tokens["refresh_token"],
        "issued_at": datetime.now(timezone.utc).isoformat(), "expires_in": 1800}})

    def custom(resource: str) -> list[dict]:
        response = vault.get(f"/vault/connections/crm/pipedrive/{resource}/custom-fields")
        assert response.status_code == 200, response.text
        return response.json()["data"]

    listed = {f["id"]: f for f in httpx.get(f"{server.url}/v1/personFields", timeout=30, headers={
        "authorization": f"Bearer {tokens['access_token']}"}).json()["data"]}
    contacts = custom("contacts")
    assert [f["name"] for f in contacts] == ["Preferred language", "LinkedIn profile"]
    for field in contacts:  # keyed by Pipedrive's 40-character hash, found under v2's custom_fields
        assert len(field["id"]) == 40 and field["finder"] == f"$.custom_fields.{field['id']}"
    assert {f["id"] for f in contacts} <= {f["key"] for f in listed.values()}
    assert [f["name"] for f in custom("companies")] == ["Industry segment"]
    deal_fields = custom("opportunities")
    assert [f["name"] for f in deal_fields] == ["Contract length (months)", "Renewal date"]
    leads = custom("leads")  # leads share the deals' fields, at the top level of a v1 lead
    assert [f["id"] for f in leads] == [f["id"] for f in deal_fields]
    assert all(f["finder"] == f"$.{f['id']}" for f in leads)
    assert custom("users") == []

    httpx.post(f"{server.url}/_emulator/tokens/revoke_all", timeout=30).raise_for_status()
    refused = vault.get("/vault/connections/crm/pipedrive/contacts/custom-fields")
    assert refused.status_code == 502 and refused.json()["type_name"] == "ConnectorExecutionError"
    assert tokens["access_token"] not in refused.text


# --- isolation and secrecy ---------------------------------------------------------------------------------------


def test_another_application_never_sees_or_changes_the_connections(app, vault, other_vault, mgmt, other_mgmt, hubspot,
                                                                    apollo):
    vault.post("/vault/connections/crm/hubspot", json={})
    vault.post("/vault/connections/crm/apollo", json={"settings": {"api_key": API_KEY}})
    before = stored(app)

    assert other_vault.get("/vault/connections").json()["data"] == []
    for path in ["/vault/connections/crm/hubspot", "/vault/connections/crm/apollo"]:
        assert other_vault.get(path).status_code == 404
        assert patch(other_vault, path, json={"enabled": False}).status_code == 404
        assert other_vault.delete(path).status_code == 404
        assert other_vault.post(path + "/import", json={"credentials": {"access_token": "a"}}).status_code == 404
        assert other_vault.post(path + "/token", json={}).status_code == 404
    for suffix in ["config", "schema", "example", "custom-fields"]:
        assert other_vault.get(f"/vault/connections/crm/hubspot/contacts/{suffix}").status_code == 404
    assert patch(other_vault, "/vault/connections/crm/hubspot/contacts/config",
                 json={"configuration": [{"resource": "contacts", "defaults": []}]}).status_code == 404
    assert stored(app) == before

    # With its own HubSpot integration, the second application's consumer-1 is someone else.
    enable(other_mgmt, oauth_integration("hubspot"))
    theirs = other_vault.get("/vault/connections/crm/hubspot").json()["data"]
    assert theirs["state"] == "available"


def test_secrets_never_reach_the_logs(app, vault, hubspot, apollo, caplog):
    caplog.set_level(logging.DEBUG)

    vault.post("/vault/connections/crm/apollo", json={"settings": {"api_key": API_KEY}})
    patch(vault, "/vault/connections/crm/apollo", json={"settings": {"api_key": API_KEY + "-2", "x": "y"}})
    vault.post("/vault/connections/crm/hubspot/import", json={"credentials": {
        "access_token": "imported-access", "refresh_token": "imported-refresh"}})
    vault.post("/vault/connections/crm/hubspot/import", json={"credentials": {
        "access_token": "imported-access", "unknown": "imported-refresh"}})

    for secret in (API_KEY, "imported-access", "imported-refresh"):
        assert secret not in caplog.text
        assert all(secret not in body.decode() for _, _, _, body in vault.received)
        with transaction(app.state.session_factory) as session:
            assert all(secret not in str(row) for row in session.execute(
                select(Connection.settings, Connection.connection_metadata)))
