"""/schemas: an application's schemas, answered as the spec says, refused clearly, invisible to other applications."""

import pytest

from tests.support.store import dump_all_rows

CONTACT_SCHEMA = {"name": "contact fields", "config": {
    "fields": [{"name": "first", "mapped_name": "FirstName"}, {"name": "email"}],
    "allow_additional_field_mappings": False}}
SALESFORCE = {"name": "salesforce", "category": "crm", "auth_type": "oauth2",
              "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": ["api"],
                         "credentials": {"oauth_client_id": "cid", "oauth_client_secret": "csecret"}}}}


def test_create_read_list_update_delete(mgmt):
    created = mgmt.post("/schemas", json=CONTACT_SCHEMA)
    assert created.status_code == 201
    schema = created.json()
    assert schema["name"] == "contact fields" and schema["config"] == CONTACT_SCHEMA["config"]
    assert schema["application_id"] == mgmt.application_id

    assert mgmt.get(f"/schemas/{schema['id']}").json() == schema
    assert mgmt.get("/schemas").json() == [schema]

    changed = {"name": "renamed", "config": {"fields": [{"name": "phone"}], "allow_additional_field_mappings": True}}
    updated = mgmt.put(f"/schemas/{schema['id']}", json=changed)
    assert updated.status_code == 200
    assert updated.json() == {**schema, **changed}
    assert mgmt.get(f"/schemas/{schema['id']}").json() == {**schema, **changed}

    deleted = mgmt.delete(f"/schemas/{schema['id']}")
    assert deleted.status_code == 204 and deleted.content == b""
    assert mgmt.get(f"/schemas/{schema['id']}").status_code == 404
    assert mgmt.get("/schemas").json() == []


def test_a_name_is_taken_once_per_application(mgmt, other_mgmt):
    first = mgmt.post("/schemas", json=CONTACT_SCHEMA).json()
    second = mgmt.post("/schemas", json={**CONTACT_SCHEMA, "name": "other"}).json()

    assert mgmt.post("/schemas", json=CONTACT_SCHEMA).status_code == 409
    assert mgmt.put(f"/schemas/{second['id']}", json=CONTACT_SCHEMA).status_code == 409
    assert mgmt.put(f"/schemas/{first['id']}", json=CONTACT_SCHEMA).status_code == 200  # its own name
    assert other_mgmt.post("/schemas", json=CONTACT_SCHEMA).status_code == 201


@pytest.mark.parametrize("body", [
    {"config": CONTACT_SCHEMA["config"]},
    {"name": "", "config": CONTACT_SCHEMA["config"]},
    {"name": 7, "config": CONTACT_SCHEMA["config"]},
    {"name": "s", "config": {"fields": []}},
    {"name": "s", "config": {"fields": [{"mapped_name": "X"}], "allow_additional_field_mappings": False}},
    {"name": "s", "config": {"fields": [{"name": "a"}, {"name": "a"}], "allow_additional_field_mappings": False}},
    {"name": "s", "config": {"fields": [{"name": "_glue_id"}], "allow_additional_field_mappings": False}},
    {"name": "s", "config": {"fields": [{"name": "id"}], "allow_additional_field_mappings": False}},
    {"name": "s", "config": {"fields": [{"name": "a", "mapped_name": ""}], "allow_additional_field_mappings": False}},
    {"name": "s", "config": {"fields": "a", "allow_additional_field_mappings": False}},
])
def test_bad_bodies_are_400_and_store_nothing(app, mgmt, body):
    existing = mgmt.post("/schemas", json=CONTACT_SCHEMA).json()
    before = dump_all_rows(app.state.engine)

    created = mgmt.post("/schemas", json=body)
    updated = mgmt.put(f"/schemas/{existing['id']}", json=body)

    assert created.status_code == 400 and updated.status_code == 400
    assert created.json()["errors"][0]["detail"]
    assert dump_all_rows(app.state.engine) == before


def test_another_applications_schema_does_not_exist(mgmt, other_mgmt):
    schema = mgmt.post("/schemas", json=CONTACT_SCHEMA).json()

    assert other_mgmt.get(f"/schemas/{schema['id']}").status_code == 404
    assert other_mgmt.put(f"/schemas/{schema['id']}", json=CONTACT_SCHEMA).status_code == 404
    assert other_mgmt.delete(f"/schemas/{schema['id']}").status_code == 404
    assert other_mgmt.get("/schemas").json() == []
    assert mgmt.get(f"/schemas/{schema['id']}").json() == schema


def test_a_schema_attached_to_a_provider_object_is_not_deleted(app, mgmt):
    schema = mgmt.post("/schemas", json=CONTACT_SCHEMA).json()
    provider = mgmt.post("/providers", json={**SALESFORCE, "objects": {
        "standard": [{"name": "Contact", "schema_id": schema["id"]}]}}).json()
    before = dump_all_rows(app.state.engine)

    refused = mgmt.delete(f"/schemas/{schema['id']}")

    assert refused.status_code == 409
    assert "salesforce standard Contact" in refused.json()["errors"][0]["detail"]
    assert dump_all_rows(app.state.engine) == before
    # Detached, it goes.
    assert mgmt.put(f"/providers/{provider['id']}", json=SALESFORCE).status_code == 200
    assert mgmt.delete(f"/schemas/{schema['id']}").status_code == 204


def test_a_provider_config_attaches_only_the_applications_own_schemas(app, mgmt, other_mgmt):
    foreign = other_mgmt.post("/schemas", json=CONTACT_SCHEMA).json()
    before = dump_all_rows(app.state.engine)

    refused = mgmt.post("/providers", json={**SALESFORCE, "objects": {
        "common": [{"name": "contact", "schema_id": foreign["id"]}]}})

    assert refused.status_code == 400
    assert foreign["id"] in refused.json()["errors"][0]["detail"]
    assert dump_all_rows(app.state.engine) == before


def test_the_schema_operations_need_an_api_key(anonymous_mgmt):
    assert anonymous_mgmt.get("/schemas").status_code == 401
    assert anonymous_mgmt.post("/schemas", json=CONTACT_SCHEMA).status_code == 401
    assert anonymous_mgmt.delete("/schemas/anything").status_code == 401


@pytest.mark.parametrize(("objects", "named"), [
    ({"standard": [{"name": "Contacts"}]}, "Account, Contact, Lead, Opportunity, User"),
    ({"common": [{"name": "sequence"}]}, "account, contact, lead, opportunity, user"),
    ({"standard": [{"name": "Contact"}, {"name": "Contact"}]}, "more than once"),
])
def test_a_provider_config_names_only_objects_the_provider_has(app, mgmt, objects, named):
    before = dump_all_rows(app.state.engine)

    refused = mgmt.post("/providers", json={**SALESFORCE, "objects": objects})

    assert refused.status_code == 400
    assert named in refused.json()["errors"][0]["detail"]
    assert dump_all_rows(app.state.engine) == before
