"""/entities, and sync configs' `entities`: answered as the spec says, refused clearly, isolated per application."""

import pytest

from tests.support.store import dump_all_rows

PERSON = {"name": "person", "config": {"fields": [{"name": "first_name"}, {"name": "email"}],
                                      "allow_additional_field_mappings": False}}
HUBSPOT = {"name": "hubspot", "category": "crm", "auth_type": "oauth2",
           "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": ["crm.objects.contacts.read"],
                      "credentials": {"oauth_client_id": "cid", "oauth_client_secret": "csecret"}}}}
STRATEGY = {"period_ms": 3600000, "strategy": "full then incremental"}


def test_create_read_list_update_delete(mgmt):
    created = mgmt.post("/entities", json=PERSON)
    assert created.status_code == 201
    entity = created.json()
    shown = {k: entity[k] for k in ("name", "config", "application_id")}
    assert shown == {**PERSON, "application_id": mgmt.application_id}
    assert mgmt.get(f"/entities/{entity['id']}").json() == entity
    assert mgmt.get("/entities").json() == [entity]

    changed = {"name": "lead", "config": {"fields": [{"name": "title"}], "allow_additional_field_mappings": True}}
    assert mgmt.put(f"/entities/{entity['id']}", json=changed).json() == {**entity, **changed}

    deleted = mgmt.delete(f"/entities/{entity['id']}")
    assert deleted.status_code == 204 and deleted.content == b""
    assert mgmt.get(f"/entities/{entity['id']}").status_code == 404


def test_names_are_unique_whatever_their_case(mgmt, other_mgmt):
    mgmt.post("/entities", json=PERSON)
    refused = mgmt.post("/entities", json={**PERSON, "name": "Person"})
    assert refused.status_code == 409
    assert other_mgmt.post("/entities", json=PERSON).status_code == 201


@pytest.mark.parametrize("body", [
    {"name": "person"},
    {"name": "two words", "config": PERSON["config"]},
    {"name": "1st", "config": PERSON["config"]},
    {"name": "x" * 57, "config": PERSON["config"]},
    {"name": "p", "config": {"fields": [{"name": "a"}]}},
    {"name": "p", "config": {"fields": [{"name": "a"}, {"name": "a"}], "allow_additional_field_mappings": True}},
    {"name": "p", "config": {"fields": [{"name": "_supaglue_id"}], "allow_additional_field_mappings": True}},
    {"name": "p", "config": {"fields": [{"name": ""}], "allow_additional_field_mappings": True}},
])
def test_bad_bodies_are_400_and_store_nothing(app, mgmt, body):
    existing = mgmt.post("/entities", json=PERSON).json()
    before = dump_all_rows(app.state.engine)

    assert mgmt.post("/entities", json=body).status_code == 400
    assert mgmt.put(f"/entities/{existing['id']}", json=body).status_code == 400
    assert dump_all_rows(app.state.engine) == before


def test_another_applications_entity_does_not_exist(mgmt, other_mgmt):
    entity = mgmt.post("/entities", json=PERSON).json()

    assert other_mgmt.get(f"/entities/{entity['id']}").status_code == 404
    assert other_mgmt.put(f"/entities/{entity['id']}", json=PERSON).status_code == 404
    assert other_mgmt.delete(f"/entities/{entity['id']}").status_code == 404
    assert other_mgmt.get("/entities").json() == []


@pytest.fixture
def syncing(mgmt):
    """HubSpot configured, and a destination to sync it into."""
    assert mgmt.post("/providers", json=HUBSPOT).status_code == 201
    assert mgmt.post("/destinations", json={"name": "warehouse", "type": "supaglue", "config": {}}).status_code == 201
    return mgmt


def _sync_config(entities):
    return {"destination_name": "warehouse", "provider_name": "hubspot",
            "config": {"default_config": STRATEGY, "standard_objects": [{"object": "contacts"}], "entities": entities}}


def test_a_sync_config_lists_existing_entities_and_keeps_them(syncing):
    entity = syncing.post("/entities", json=PERSON).json()

    created = syncing.post("/sync_configs", json=_sync_config([{"entity_id": entity["id"]}]))

    assert created.status_code == 201
    assert created.json()["config"]["entities"] == [{"entity_id": entity["id"]}]


def test_a_sync_config_naming_an_unknown_entity_is_400_and_stores_nothing(app, syncing, other_mgmt):
    mine = syncing.post("/entities", json=PERSON).json()
    foreign = other_mgmt.post("/entities", json=PERSON).json()
    before = dump_all_rows(app.state.engine)

    for entity_id in ("no-such-entity", foreign["id"]):
        refused = syncing.post("/sync_configs", json=_sync_config([{"entity_id": entity_id}]))
        assert refused.status_code == 400
        detail = refused.json()["errors"][0]["detail"]
        assert entity_id in detail and mine["id"] in detail  # names what is allowed
    repeated = syncing.post("/sync_configs", json=_sync_config([{"entity_id": mine["id"]}] * 2))
    assert repeated.status_code == 400
    assert dump_all_rows(app.state.engine) == before


def test_updating_a_sync_config_checks_its_entities(app, syncing):
    sync_config = syncing.post("/sync_configs", json=_sync_config([])).json()
    before = dump_all_rows(app.state.engine)

    refused = syncing.put(f"/sync_configs/{sync_config['id']}",
                          json={"config": {**_sync_config([{"entity_id": "gone"}])["config"]}})

    assert refused.status_code == 400
    assert dump_all_rows(app.state.engine) == before


def test_an_entity_a_sync_config_syncs_is_not_deleted(app, syncing):
    entity = syncing.post("/entities", json=PERSON).json()
    sync_config = syncing.post("/sync_configs", json=_sync_config([{"entity_id": entity["id"]}])).json()
    before = dump_all_rows(app.state.engine)

    refused = syncing.delete(f"/entities/{entity['id']}")

    assert refused.status_code == 409
    assert "hubspot sync config" in refused.json()["errors"][0]["detail"]
    assert dump_all_rows(app.state.engine) == before
    syncing.put(f"/sync_configs/{sync_config['id']}", json={"config": _sync_config([])["config"]})
    assert syncing.delete(f"/entities/{entity['id']}").status_code == 204


def test_an_entity_a_provider_config_maps_is_not_deleted(app, mgmt):
    entity = mgmt.post("/entities", json=PERSON).json()
    mapping = {"entity_id": entity["id"], "object": {"type": "standard", "name": "contacts"},
               "field_mappings": [{"entity_field": "email", "mapped_field": "email"}]}
    provider = mgmt.post("/providers", json={**HUBSPOT, "entity_mappings": [mapping]})
    assert provider.status_code == 201 and provider.json()["entity_mappings"] == [mapping]
    before = dump_all_rows(app.state.engine)

    refused = mgmt.delete(f"/entities/{entity['id']}")

    assert refused.status_code == 409
    assert "entity_mappings" in refused.json()["errors"][0]["detail"]
    assert dump_all_rows(app.state.engine) == before


@pytest.mark.parametrize(("mapping", "named"), [
    ({"entity_id": "nope"}, "nope"),
    ({"object": {"type": "standard", "name": "Contact"}}, "contacts, companies"),
    ({"field_mappings": [{"entity_field": "phone", "mapped_field": "phone"}]}, "first_name, email"),
])
def test_a_provider_configs_default_entity_mappings_are_checked(app, mgmt, mapping, named):
    entity = mgmt.post("/entities", json=PERSON).json()
    before = dump_all_rows(app.state.engine)

    refused = mgmt.post("/providers", json={**HUBSPOT, "entity_mappings": [{"entity_id": entity["id"], **mapping}]})

    assert refused.status_code == 400
    assert named in refused.json()["errors"][0]["detail"]
    assert dump_all_rows(app.state.engine) == before
