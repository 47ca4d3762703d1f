"""/entity_mappings: the application's default mapping of each entity, each customer's override, `from` both."""

import pytest
from sqlalchemy import func, select

from glue_api.models import ConnectionEntityMapping, Event
from tests.support.spec import validate_webhook_payload
from tests.support.store import dump_all_rows

HEADERS = {"x-customer-id": "c1", "x-provider-name": "hubspot"}
PERSON = {"name": "person", "config": {"fields": [{"name": "first_name"}, {"name": "email"}],
                                      "allow_additional_field_mappings": True}}
DEAL = {"name": "deal", "config": {"fields": [{"name": "amount"}], "allow_additional_field_mappings": False}}


def _hubspot(entity_mappings):
    return {"name": "hubspot", "category": "crm", "auth_type": "oauth2", "entity_mappings": entity_mappings,
            "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": ["crm.objects.contacts.read"],
                       "credentials": {"oauth_client_id": "cid", "oauth_client_secret": "csecret"}}}}


@pytest.fixture
def entities(mgmt):
    """Entities person (mapped to HubSpot contacts by default) and deal (unmapped); c1's HubSpot connection."""
    person = mgmt.post("/entities", json=PERSON).json()
    deal = mgmt.post("/entities", json=DEAL).json()
    default = {"entity_id": person["id"], "object": {"type": "standard", "name": "contacts"},
               "field_mappings": [{"entity_field": "first_name", "mapped_field": "firstname"}]}
    assert mgmt.post("/providers", json=_hubspot([default])).status_code == 201
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
    made = mgmt.post("/customers/c1/connections",
                     json={"provider_name": "hubspot", "type": "oauth2", "refresh_token": "rt"})
    assert made.status_code == 200
    return {"person": person, "deal": deal}


def test_every_entity_is_listed_with_the_applications_default(mgmt, entities):
    listed = mgmt.get("/entity_mappings", headers=HEADERS)

    assert listed.status_code == 200
    assert listed.json() == [
        {"entity_id": entities["person"]["id"], "entity_name": "person", "allow_additional_field_mappings": True,
         "object": {"type": "standard", "name": "contacts", "from": "developer"},
         "field_mappings": [
             {"entity_field": "first_name", "is_additional": False, "mapped_field": "firstname", "from": "developer"},
             {"entity_field": "email", "is_additional": False}]},
        {"entity_id": entities["deal"]["id"], "entity_name": "deal", "allow_additional_field_mappings": False,
         "field_mappings": [{"entity_field": "amount", "is_additional": False}]},
    ]


def test_a_customer_override_is_merged_then_deleted(mgmt, entities):
    person_id = entities["person"]["id"]
    override = {"entity_id": person_id, "object": {"type": "custom", "name": "p_people"},
                "field_mappings": [{"entity_field": "email", "mapped_field": "work_email"},
                                   {"entity_field": "nickname", "mapped_field": "hs_nickname"}]}

    upserted = mgmt.put(f"/entity_mappings/{person_id}", headers=HEADERS, json=override)

    assert upserted.status_code == 200 and upserted.content == b""
    person = mgmt.get("/entity_mappings", headers=HEADERS).json()[0]
    assert person["object"] == {"type": "custom", "name": "p_people", "from": "customer"}
    assert person["field_mappings"] == [
        {"entity_field": "first_name", "is_additional": False, "mapped_field": "firstname", "from": "developer"},
        {"entity_field": "email", "is_additional": False, "mapped_field": "work_email", "from": "customer"},
        {"entity_field": "nickname", "is_additional": True, "mapped_field": "hs_nickname", "from": "customer"}]

    deleted = mgmt.delete(f"/entity_mappings/{person_id}", headers=HEADERS)
    assert deleted.status_code == 204
    assert mgmt.get("/entity_mappings", headers=HEADERS).json()[0]["object"]["from"] == "developer"
    assert mgmt.delete(f"/entity_mappings/{person_id}", headers=HEADERS).status_code == 404


def test_a_second_put_replaces_the_override(mgmt, entities):
    deal_id = entities["deal"]["id"]
    mgmt.put(f"/entity_mappings/{deal_id}", headers=HEADERS, json={
        "entity_id": deal_id, "object": {"type": "standard", "name": "deals"},
        "field_mappings": [{"entity_field": "amount", "mapped_field": "amount"}]})
    mgmt.put(f"/entity_mappings/{deal_id}", headers=HEADERS, json={
        "entity_id": deal_id, "object": {"type": "standard", "name": "leads"}})

    deal = mgmt.get("/entity_mappings", headers=HEADERS).json()[1]

    assert deal["object"] == {"type": "standard", "name": "leads", "from": "customer"}
    assert deal["field_mappings"] == [{"entity_field": "amount", "is_additional": False}]


@pytest.mark.parametrize(("entity", "body", "named"), [
    ("deal", {"object": {"type": "standard", "name": "Deal"}}, "contacts, companies, deals"),
    ("deal", {"field_mappings": [{"entity_field": "stage", "mapped_field": "dealstage"}]}, "amount"),
    ("deal", {"entity_id": "another"}, "another"),
])
def test_mappings_to_what_cannot_be_are_400_naming_what_is_allowed(app, mgmt, entities, entity, body, named):
    entity_id = entities[entity]["id"]
    before = dump_all_rows(app.state.engine)

    refused = mgmt.put(f"/entity_mappings/{entity_id}", headers=HEADERS, json={"entity_id": entity_id, **body})

    assert refused.status_code == 400
    assert named in refused.json()["errors"][0]["detail"]
    assert dump_all_rows(app.state.engine) == before


@pytest.mark.parametrize("body", [
    {},
    {"object": {"type": "common", "name": "contact"}},
    {"object": {"type": "standard"}},
    {"field_mappings": [{"entity_field": "amount"}]},
    {"field_mappings": [{"entity_field": "amount", "mapped_field": "a"},
                        {"entity_field": "amount", "mapped_field": "b"}]},
])
def test_malformed_bodies_are_400_and_store_nothing(app, mgmt, entities, body):
    deal_id = entities["deal"]["id"]
    before = dump_all_rows(app.state.engine)
    sent = {"entity_id": deal_id, **body} if body else {}
    assert mgmt.put(f"/entity_mappings/{deal_id}", headers=HEADERS, json=sent).status_code == 400
    assert dump_all_rows(app.state.engine) == before


def test_unknown_and_foreign_entities_and_connections_are_404(mgmt, other_mgmt, entities):
    foreign = other_mgmt.post("/entities", json=DEAL).json()

    assert mgmt.put(f"/entity_mappings/{foreign['id']}", headers=HEADERS,
                    json={"entity_id": foreign["id"]}).status_code == 404
    assert mgmt.put("/entity_mappings/nope", headers=HEADERS, json={"entity_id": "nope"}).status_code == 404
    assert other_mgmt.get("/entity_mappings", headers=HEADERS).status_code == 404
    assert mgmt.get("/entity_mappings", headers={**HEADERS, "x-provider-name": "salesforce"}).status_code == 404


def test_a_deleted_connection_or_entity_takes_its_overrides_along(app, mgmt, entities):
    deal_id = entities["deal"]["id"]
    mgmt.put(f"/entity_mappings/{deal_id}", headers=HEADERS, json={"entity_id": deal_id})
    assert mgmt.delete(f"/entities/{deal_id}").status_code == 204
    person_id = entities["person"]["id"]
    mgmt.put(f"/entity_mappings/{person_id}", headers=HEADERS, json={"entity_id": person_id})
    assert mgmt.delete("/customers/c1/connections/hubspot").status_code == 204

    with app.state.session_factory() as session:
        assert session.execute(select(func.count()).select_from(ConnectionEntityMapping)).scalar() == 0


def test_overrides_record_the_specs_webhooks(app, mgmt, entities):
    deal_id = entities["deal"]["id"]
    body = {"entity_id": deal_id, "object": {"type": "standard", "name": "deals"}}
    mgmt.put(f"/entity_mappings/{deal_id}", headers=HEADERS, json=body)
    mgmt.put(f"/entity_mappings/{deal_id}", headers=HEADERS, json={"entity_id": deal_id})
    mgmt.delete(f"/entity_mappings/{deal_id}", headers=HEADERS)

    with app.state.session_factory() as session:
        query = select(Event).where(Event.type.like("entity.%")).order_by(Event.created_at)
        events = session.execute(query).scalars().all()
        recorded = [(e.type, e.payload) for e in events]
    assert [t for t, _ in recorded] == ["entity.entity_mapping.created", "entity.entity_mapping.updated",
                                        "entity.entity_mapping.deleted"]
    for event_type, payload in recorded:
        validate_webhook_payload(event_type, payload)
        assert payload["entity_id"] == deal_id and payload["customer_id"] == "c1"
    assert recorded[0][1]["object_name"] == "deals" and "object_name" not in recorded[1][1]


def test_the_connection_shows_the_customers_overrides(mgmt, entities):
    assert "entity_mappings" not in mgmt.get("/customers/c1/connections/hubspot").json()
    deal_id = entities["deal"]["id"]
    body = {"entity_id": deal_id, "object": {"type": "standard", "name": "deals"}}
    mgmt.put(f"/entity_mappings/{deal_id}", headers=HEADERS, json=body)

    assert mgmt.get("/customers/c1/connections/hubspot").json()["entity_mappings"] == [body]
    assert mgmt.get("/customers/c1/connections").json()[0]["entity_mappings"] == [body]
