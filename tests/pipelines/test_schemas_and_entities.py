"""Schemas, field mappings and entities applied by the engine: a schema'd object's records land with
the schema's fields in ``_glue_mapped_data`` (a customer's field mapping changes them on the next
sync), and an entity lands in ``entity_<name>`` through its mapping, as a sync of its own."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, text

from glue_pipelines.sync.runner import sync_connection
from tests.pipelines.conftest import oauth_provider_body, sync_config_body
from tests.support.warehouse import postgres_destination_body

HEADERS = {"x-customer-id": "c1", "x-provider-name": "hubspot"}
CONTACT_SCHEMA = {"name": "contact fields", "config": {
    "fields": [{"name": "first", "mapped_name": "firstname"}, {"name": "email", "mapped_name": "email"},
               {"name": "town"}], "allow_additional_field_mappings": False}}
PERSON = {"name": "Person", "config": {"fields": [{"name": "given_name"}, {"name": "mail"}],
                                      "allow_additional_field_mappings": False}}


def connect(glue, emulated, warehouse_url, provider: dict, config: dict) -> str:
    glue.point_at(emulated)
    mgmt = glue.mgmt
    assert mgmt.post("/providers", json=oauth_provider_body("hubspot") | provider).status_code == 201
    assert mgmt.post("/destinations", json=postgres_destination_body(warehouse_url)).status_code == 201
    body = sync_config_body("hubspot", ["contacts"])
    body["config"] |= config
    assert mgmt.post("/sync_configs", json=body).status_code == 201, body
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
    made = mgmt.post("/customers/c1/connections", json={
        "provider_name": "hubspot", "type": "oauth2", "refresh_token": emulated.refresh_token()})
    assert made.status_code == 200, made.text
    return made.json()["id"]


def rows(warehouse_url: str, sql: str) -> list[tuple]:
    engine = create_engine(warehouse_url)
    with engine.connect() as db:
        found = db.execute(text(sql)).all()
    engine.dispose()
    return found


def test_a_schema_picks_and_renames_what_lands_and_a_customers_mapping_changes_it(glue, emulators, warehouse_url):
    emulated = emulators("hubspot", {"contacts": 20})
    schema = glue.mgmt.post("/schemas", json=CONTACT_SCHEMA).json()
    objects = {"standard": [{"name": "contacts", "schema_id": schema["id"]}]}
    connection_id = connect(glue, emulated, warehouse_url, {"objects": objects}, {})
    sync_connection(glue.store, connection_id)
    landed = rows(warehouse_url, "SELECT _glue_raw_data, _glue_mapped_data FROM crm.hubspot_contacts")
    assert len(landed) == 20
    for raw, mapped in landed:
        properties = raw["properties"]
        assert mapped == {"first": properties["firstname"], "email": properties["email"], "town": None}

    update = {"name": "contacts", "type": "standard",
              "field_mappings": [{"schema_field": "town", "mapped_field": "city"}]}
    assert glue.mgmt.put("/field_mappings/_update_object", headers=HEADERS, json=update).status_code == 200
    trigger = {"object_type": "standard", "object": "contacts", "perform_full_refresh": True}
    assert glue.mgmt.post("/syncs/_trigger", json=trigger, headers=HEADERS).status_code == 200
    sync_connection(glue.store, connection_id)
    for raw, mapped in rows(warehouse_url, "SELECT _glue_raw_data, _glue_mapped_data FROM crm.hubspot_contacts"):
        assert mapped["town"] == raw["properties"]["city"] and mapped["town"]  # the customer's mapping landed


def test_an_entity_lands_in_its_table_through_its_mapping(glue, emulators, warehouse_url):
    emulated = emulators("hubspot", {"contacts": 15})
    person = glue.mgmt.post("/entities", json=PERSON).json()
    unmapped = glue.mgmt.post("/entities", json={"name": "deal", "config": {
        "fields": [{"name": "amount"}], "allow_additional_field_mappings": False}}).json()
    default = {"entity_id": person["id"], "object": {"type": "standard", "name": "contacts"},
               "field_mappings": [{"entity_field": "given_name", "mapped_field": "firstname"},
                                  {"entity_field": "mail", "mapped_field": "email"}]}
    config = {"standard_objects": [], "entities": [{"entity_id": person["id"]}, {"entity_id": unmapped["id"]}]}
    connection_id = connect(glue, emulated, warehouse_url, {"entity_mappings": [default]}, config)

    outcomes = sync_connection(glue.store, connection_id)
    assert [(o.object_type, o.object, o.records) for o in outcomes] == [("entity", person["id"], 15)]
    landed = rows(warehouse_url, "SELECT _glue_id, _glue_raw_data, _glue_mapped_data FROM crm.entity_person")
    assert {row[0] for row in landed} == set(emulated.live_records("contacts"))
    for _, raw, mapped in landed:
        assert mapped == {"given_name": raw["properties"]["firstname"], "mail": raw["properties"]["email"]}

    syncs = glue.mgmt.get("/syncs", params={"entity_id": person["id"]}).json()["results"]
    assert [(s["type"], s["entity_id"]) for s in syncs] == [("entity", person["id"])]
    assert "object_type" not in syncs[0]
    runs = {run["entity_id"]: run for run in glue.mgmt.get("/sync-runs").json()["results"]}
    assert (runs[person["id"]]["status"], runs[person["id"]]["num_records_synced"]) == ("SUCCESS", 15)
    refused = runs[unmapped["id"]]
    assert refused["status"] == "FAILURE" and "is not mapped to a HubSpot object" in refused["error_message"]
    trigger = glue.mgmt.post("/syncs/_trigger", json={"entity_id": person["id"]}, headers=HEADERS)
    assert trigger.status_code == 200 and trigger.json()["entity_id"] == person["id"]
