"""/field_mappings: each customer's mappings of the schema fields of their connection's objects."""

import pytest
from sqlalchemy import select

from glue_api.field_mappings.service import object_mappers
from glue_api.models import Connection, Event
from tests.support.spec import validate_webhook_payload
from tests.support.store import dump_all_rows

HEADERS = {"x-customer-id": "c1", "x-provider-name": "hubspot"}
CONTACT_FIELDS = {"name": "contact fields", "config": {
    "fields": [{"name": "first", "mapped_name": "firstname"}, {"name": "email"}, {"name": "city"}],
    "allow_additional_field_mappings": False}}
OPEN_FIELDS = {"name": "open", "config": {"fields": [{"name": "name"}], "allow_additional_field_mappings": True}}
UPDATE = "/field_mappings/_update_object"


def _hubspot(objects):
    return {"name": "hubspot", "category": "crm", "auth_type": "oauth2", "objects": objects,
            "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": ["crm.objects.contacts.read"],
                       "credentials": {"oauth_client_id": "cid", "oauth_client_secret": "csecret"}}}}


@pytest.fixture
def schemas(mgmt):
    """Customers c1 (with a HubSpot connection) and c2; HubSpot's contacts and common accounts have schemas."""
    contact = mgmt.post("/schemas", json=CONTACT_FIELDS).json()
    open_schema = mgmt.post("/schemas", json=OPEN_FIELDS).json()
    for customer in ("c1", "c2"):
        mgmt.put("/customers", json={"customer_id": customer, "name": customer, "email": f"{customer}@x.test"})
    objects = {"standard": [{"name": "contacts", "schema_id": contact["id"]}, {"name": "deals"}],
               "common": [{"name": "account", "schema_id": open_schema["id"]}]}
    assert mgmt.post("/providers", json=_hubspot(objects)).status_code == 201
    made = mgmt.post("/customers/c1/connections",
                     json={"provider_name": "hubspot", "type": "oauth2", "refresh_token": "rt"})
    assert made.status_code == 200
    return {"contact": contact, "open": open_schema}


def test_objects_with_a_schema_are_listed_with_the_schemas_mappings(mgmt, schemas):
    listed = mgmt.get("/field_mappings", headers=HEADERS)

    assert listed.status_code == 200
    assert listed.json() == [
        {"object_name": "account", "object_type": "common", "allow_additional_field_mappings": True,
         "schema_id": schemas["open"]["id"], "fields": [{"name": "name", "is_added_by_customer": False}]},
        {"object_name": "contacts", "object_type": "standard", "allow_additional_field_mappings": False,
         "schema_id": schemas["contact"]["id"], "fields": [
             {"name": "first", "is_added_by_customer": False, "schema_mapped_name": "firstname"},
             {"name": "email", "is_added_by_customer": False},
             {"name": "city", "is_added_by_customer": False}]},
    ]


def test_a_customers_mappings_are_set_replaced_and_listed(mgmt, schemas):
    body = {"name": "contacts", "type": "standard",
            "field_mappings": [{"schema_field": "email", "mapped_field": "email"}, {"schema_field": "first"}]}

    updated = mgmt.put(UPDATE, headers=HEADERS, json=body)

    assert updated.status_code == 200
    contacts = updated.json()
    assert contacts["fields"] == [
        {"name": "first", "is_added_by_customer": False, "schema_mapped_name": "firstname"},
        {"name": "email", "is_added_by_customer": False, "customer_mapped_name": "email"},
        {"name": "city", "is_added_by_customer": False}]
    assert mgmt.get("/field_mappings", headers=HEADERS).json()[1] == contacts

    replaced = mgmt.put(UPDATE, headers=HEADERS, json={**body, "field_mappings": [
        {"schema_field": "city", "mapped_field": "city"}]}).json()
    assert [f.get("customer_mapped_name") for f in replaced["fields"]] == [None, None, "city"]


def test_additional_fields_are_taken_where_the_schema_allows_them(mgmt, schemas):
    body = {"name": "account", "type": "common", "field_mappings": [
        {"schema_field": "name", "mapped_field": "name"}, {"schema_field": "region", "mapped_field": "hs_region"}]}

    fields = mgmt.put(UPDATE, headers=HEADERS, json=body).json()["fields"]

    assert fields == [{"name": "name", "is_added_by_customer": False, "customer_mapped_name": "name"},
                      {"name": "region", "is_added_by_customer": True, "customer_mapped_name": "hs_region"}]


def test_mappings_are_the_customers_own(mgmt, schemas):
    mgmt.post("/customers/c2/connections", json={"provider_name": "hubspot", "type": "oauth2", "refresh_token": "rt"})
    mgmt.put(UPDATE, headers=HEADERS, json={"name": "contacts", "type": "standard",
                                            "field_mappings": [{"schema_field": "email", "mapped_field": "email"}]})

    theirs = mgmt.get("/field_mappings", headers={**HEADERS, "x-customer-id": "c2"}).json()

    assert all("customer_mapped_name" not in f for o in theirs for f in o["fields"])


@pytest.mark.parametrize(("body", "named"), [
    ({"name": "contacts", "type": "standard", "field_mappings": [{"schema_field": "phone", "mapped_field": "phone"}]},
     "first, email, city"),
    ({"name": "contacts", "type": "standard", "field_mappings": [{"schema_field": "first", "mapped_field": "email"}]},
     "email, city"),
    ({"name": "deals", "type": "standard", "field_mappings": []}, "common account, standard contacts"),
    ({"name": "contact", "type": "common", "field_mappings": []}, "common account, standard contacts"),
])
def test_mappings_the_schema_does_not_allow_are_400_naming_what_is_allowed(app, mgmt, schemas, body, named):
    before = dump_all_rows(app.state.engine)

    refused = mgmt.put(UPDATE, headers=HEADERS, json=body)

    assert refused.status_code == 400
    assert named in refused.json()["errors"][0]["detail"]
    assert dump_all_rows(app.state.engine) == before


@pytest.mark.parametrize("body", [
    {"name": "contacts", "type": "custom", "field_mappings": []},
    {"name": "contacts", "type": "standard"},
    {"name": "contacts", "type": "standard", "field_mappings": [{"mapped_field": "email"}]},
    {"name": "contacts", "type": "standard", "field_mappings": [{"schema_field": "email"}, {"schema_field": "email"}]},
    {"name": "contacts", "type": "standard", "field_mappings": [{"schema_field": "email", "mapped_field": ""}]},
    {"name": "contacts", "type": "standard", "field_mappings": [{"schema_field": "_glue_raw_data"}]},
])
def test_malformed_bodies_are_400_and_store_nothing(app, mgmt, schemas, body):
    before = dump_all_rows(app.state.engine)
    assert mgmt.put(UPDATE, headers=HEADERS, json=body).status_code == 400
    assert dump_all_rows(app.state.engine) == before


@pytest.mark.parametrize("missing", ["x-customer-id", "x-provider-name"])
def test_both_headers_are_required(mgmt, schemas, missing):
    headers = {k: v for k, v in HEADERS.items() if k != missing}
    assert mgmt.get("/field_mappings", headers=headers).status_code == 400
    assert mgmt.put(UPDATE, headers=headers, json={"name": "contacts", "type": "standard", "field_mappings": []}
                    ).status_code == 400


def test_a_customer_without_the_connection_or_of_another_application_is_404(mgmt, other_mgmt, schemas):
    assert mgmt.get("/field_mappings", headers={**HEADERS, "x-customer-id": "c2"}).status_code == 404
    assert mgmt.get("/field_mappings", headers={**HEADERS, "x-customer-id": "nobody"}).status_code == 404
    assert other_mgmt.get("/field_mappings", headers=HEADERS).status_code == 404
    assert other_mgmt.put(UPDATE, headers=HEADERS, json={"name": "contacts", "type": "standard",
                                                         "field_mappings": []}).status_code == 404


def test_a_schema_change_stops_mappings_it_no_longer_allows(mgmt, schemas):
    mgmt.put(UPDATE, headers=HEADERS, json={"name": "account", "type": "common", "field_mappings": [
        {"schema_field": "region", "mapped_field": "hs_region"}]})

    mgmt.put(f"/schemas/{schemas['open']['id']}", json={**OPEN_FIELDS, "config": {
        **OPEN_FIELDS["config"], "allow_additional_field_mappings": False}})

    account = mgmt.get("/field_mappings", headers=HEADERS).json()[0]
    assert account["fields"] == [{"name": "name", "is_added_by_customer": False}]


def test_setting_mappings_records_the_specs_webhooks(app, mgmt, schemas):
    body = {"name": "contacts", "type": "standard", "field_mappings": [{"schema_field": "email", "mapped_field": "e"}]}
    mgmt.put(UPDATE, headers=HEADERS, json=body)
    mgmt.put(UPDATE, headers=HEADERS, json=body)
    mgmt.put(UPDATE, headers=HEADERS, json={**body, "field_mappings": [{"schema_field": "nope"}]})  # refused

    with app.state.session_factory() as session:
        query = select(Event).where(Event.type.like("object.%")).order_by(Event.created_at)
        events = session.execute(query).scalars().all()
        recorded = [(e.type, e.payload) for e in events]
    assert [t for t, _ in recorded] == ["object.field_mapping.created", "object.field_mapping.updated"]
    for event_type, payload in recorded:
        validate_webhook_payload(event_type, payload)
        assert payload["customer_id"] == "c1" and payload["schema_id"] == schemas["contact"]["id"]
        assert payload["object_name"] == "contacts" and payload["result"] == "SUCCESS"


def test_the_connection_shows_the_customers_mappings(mgmt, schemas):
    assert "schema_mappings_config" not in mgmt.get("/customers/c1/connections/hubspot").json()
    body = {"name": "contacts", "type": "standard", "field_mappings": [{"schema_field": "email", "mapped_field": "e"}]}
    mgmt.put(UPDATE, headers=HEADERS, json=body)

    shown = mgmt.get("/customers/c1/connections/hubspot").json()["schema_mappings_config"]

    assert shown == {"standard_objects": [{"object": "contacts", "field_mappings": body["field_mappings"]}]}


def test_a_customers_mapping_changes_what_the_engine_lands(app, mgmt, schemas):
    record = {"id": "101", "properties": {"firstname": "Ada", "email": "ada@example.com", "city": "Oslo"}}

    def landed():
        with app.state.session_factory() as session:
            connection = session.execute(select(Connection)).scalar_one()
            return object_mappers(session, connection)[("standard", "contacts")](record)

    assert landed() == {"first": "Ada", "email": None, "city": None}
    mgmt.put(UPDATE, headers=HEADERS, json={"name": "contacts", "type": "standard", "field_mappings": [
        {"schema_field": "email", "mapped_field": "email"}, {"schema_field": "city", "mapped_field": "city"}]})
    assert landed() == {"first": "Ada", "email": "ada@example.com", "city": "Oslo"}
