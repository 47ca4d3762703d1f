"""Custom objects, HubSpot associations and per-connection overrides, through the engine."""

import json

from glue_pipelines.sync.runner import sync_connection
from tests.pipelines.conftest import oauth_provider_body, sync_config_body
from tests.pipelines.scenario import connect


def test_hubspot_custom_objects_and_associations(glue, emulators, warehouse_url):
    emulated = emulators("hubspot", {"contacts": 40, "companies": 10, "cars": 25})
    scenario = connect(glue, emulated, warehouse_url, objects=[], config={
        "standard_objects": [{"object": "contacts", "associations_to_fetch": ["companies"]}],
        "custom_objects": [{"object": "p_cars"}],
    })
    outcomes = {o.object: o.records for o in sync_connection(glue.store, scenario.connection_id)}
    assert outcomes == {"contacts": 40, "p_cars": 25}
    assert set(scenario.rows("p_cars")) == set(emulated.live_records("cars"))
    contacts = scenario.rows("contacts")
    with_companies = [rid for rid, (raw, _, _) in contacts.items() if json.loads(raw).get("associations", {}).get("companies")]
    assert with_companies  # associations landed in the raw record
    syncs = glue.mgmt.get("/syncs", params={"object_type": "custom"}).json()["results"]
    assert [(s["object"], s["object_type"]) for s in syncs] == [("p_cars", "custom")]


def test_salesforce_custom_objects(glue, emulators, warehouse_url):
    emulated = emulators("salesforce", {"Contact": 20, "Vehicle__c": 15})
    scenario = connect(glue, emulated, warehouse_url, objects=["Contact"], config={
        "custom_objects": [{"object": "Vehicle__c"}],
    })
    sync_connection(glue.store, scenario.connection_id)
    assert set(scenario.rows("Vehicle__c")) == set(emulated.live_records("Vehicle__c"))


def test_connection_overrides_schema_table_and_objects(glue, emulators, warehouse_url):
    emulated = emulators("pipedrive", {"persons": 30, "organizations": 5})
    scenario = connect(glue, emulated, warehouse_url)
    headers = {"x-customer-id": "c1", "x-provider-name": "pipedrive"}
    override = {"destination_config": {"type": "postgres", "schema": "acme"},
                "standard_objects": [{"object": "persons", "table": "acme_people"}]}
    assert glue.mgmt.put("/connection_sync_configs", json=override, headers=headers).status_code == 200
    outcomes = sync_connection(glue.store, scenario.connection_id)
    assert [o.object for o in outcomes] == ["persons"]  # organizations dropped by the connection's list
    assert set(scenario.rows("persons", table="acme.acme_people")) == set(emulated.live_records("persons"))


def test_supaglue_column_prefix_keeps_supaglue_sql_working(glue, emulators, warehouse_url):
    from sqlalchemy import create_engine, text

    from tests.support.warehouse import postgres_destination_body

    emulated = emulators("pipedrive", {"persons": 25})
    glue.point_at(emulated)
    destination = postgres_destination_body(warehouse_url)
    destination["config"]["column_prefix"] = "_supaglue_"
    mgmt = glue.mgmt
    mgmt.post("/providers", json=oauth_provider_body("pipedrive"))
    created = mgmt.post("/destinations", json=destination)
    assert created.json()["config"]["column_prefix"] == "_supaglue_"
    mgmt.post("/sync_configs", json=sync_config_body("pipedrive", ["persons"]))
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
    connection = mgmt.post("/customers/c1/connections", json={
        "provider_name": "pipedrive", "type": "oauth2", "refresh_token": emulated.refresh_token()}).json()
    sync_connection(glue.store, connection["id"])
    engine = create_engine(warehouse_url)
    with engine.connect() as db:
        rows = db.execute(text(
            "SELECT _supaglue_id, _supaglue_customer_id, _supaglue_is_deleted FROM crm.pipedrive_persons")).all()
    engine.dispose()
    assert len(rows) == 25 and {r[1] for r in rows} == {"c1"} and not any(r[2] for r in rows)
