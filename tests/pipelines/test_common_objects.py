"""Common objects through the engine beyond the provider contract: the managed DuckDB destination,
Supaglue's exact layout with the ``_supaglue_`` prefix, and the Dagster assets' lineage."""

from __future__ import annotations

import json

import dagster as dg
import duckdb
from sqlalchemy import create_engine, text

from glue_pipelines.destinations.factory import MANAGED_WAREHOUSE_FILE
from glue_pipelines.sync.runner import sync_connection
from glue_providers import registry
from tests.pipelines.conftest import oauth_provider_body, sync_config_body
from tests.support.warehouse import postgres_destination_body

CRM_COMMON = ["account", "contact", "lead", "opportunity", "user"]
HUBSPOT_DATA = {"contacts": 30, "companies": 12, "deals": 15, "leads": 10, "owners": 6}

# Supaglue's common-object tables and their columns, as its Postgres destination creates them.
TENANT = ["_supaglue_application_id", "_supaglue_provider_name", "_supaglue_customer_id", "_supaglue_emitted_at"]
RECORD = ["id", "created_at", "updated_at", "is_deleted", "last_modified_at"]
SUPAGLUE_CRM_TABLES = {
    "crm_accounts": TENANT + RECORD + ["name", "description", "industry", "website", "number_of_employees",
                                       "addresses", "phone_numbers", "last_activity_at", "lifecycle_stage", "owner_id",
                                       "raw_data", "_supaglue_unified_data"],
    "crm_contacts": TENANT + RECORD + ["first_name", "last_name", "addresses", "email_addresses", "phone_numbers",
                                       "lifecycle_stage", "account_id", "owner_id", "last_activity_at", "raw_data",
                                       "_supaglue_unified_data"],
    "crm_leads": TENANT + RECORD + ["lead_source", "title", "company", "first_name", "last_name", "addresses",
                                    "email_addresses", "phone_numbers", "converted_date", "converted_contact_id",
                                    "converted_account_id", "owner_id", "raw_data", "_supaglue_unified_data"],
    "crm_opportunities": TENANT + RECORD + ["name", "description", "amount", "stage", "status", "close_date",
                                            "pipeline", "account_id", "owner_id", "last_activity_at", "raw_data",
                                            "_supaglue_unified_data"],
    "crm_users": TENANT + RECORD + ["name", "email", "is_active", "raw_data", "_supaglue_unified_data"],
}


def connect_common(glue, emulated, destination: dict, destination_name: str) -> str:
    glue.point_at(emulated)
    mgmt = glue.mgmt
    assert mgmt.post("/providers", json=oauth_provider_body(emulated.name)).status_code == 201
    assert mgmt.post("/destinations", json=destination).status_code == 201
    body = sync_config_body(emulated.name, [], destination=destination_name)
    body["config"] |= {"standard_objects": [], "common_objects": [{"object": name} for name in CRM_COMMON]}
    assert mgmt.post("/sync_configs", json=body).status_code == 201, body
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
    made = mgmt.post("/customers/c1/connections", json={
        "provider_name": emulated.name, "type": "oauth2", "refresh_token": emulated.refresh_token()})
    assert made.status_code == 200, made.text
    return made.json()["id"]


def test_common_objects_land_in_the_managed_duckdb_destination(glue, emulators):
    emulated = emulators("hubspot", HUBSPOT_DATA)
    connection_id = connect_common(glue, emulated, {"type": "supaglue"}, "supaglue")
    outcomes = {o.object: o.records for o in sync_connection(glue.store, connection_id)}
    from_objects = {"account": "companies", "contact": "contacts", "lead": "leads", "opportunity": "deals",
                    "user": "owners"}
    assert outcomes == {name: HUBSPOT_DATA[source] for name, source in from_objects.items()}
    mapping = registry.get("hubspot").common_mappings()["contact"]
    with duckdb.connect(str(glue.settings.home / MANAGED_WAREHOUSE_FILE), read_only=True) as db:
        contacts = db.execute("SELECT id, first_name, email_addresses, raw_data, _glue_customer_id "
                              "FROM glue.crm_contacts").fetchall()
        counts = {table: db.execute(f"SELECT count(*) FROM glue.{table}").fetchone()[0] for table in SUPAGLUE_CRM_TABLES}
    assert set(emulated.live_records("contacts")) == {row[0] for row in contacts}
    for record_id, first_name, emails, raw, customer in contacts:
        mapped = mapping.fields(json.loads(raw))
        assert (first_name, json.loads(emails), customer) == (mapped["first_name"], mapped["email_addresses"], "c1")
    assert counts == {"crm_accounts": 12, "crm_contacts": 30, "crm_leads": 10, "crm_opportunities": 15, "crm_users": 6}


def test_the_supaglue_prefix_gives_supaglues_common_layout(glue, emulators, warehouse_url):
    emulated = emulators("hubspot", HUBSPOT_DATA)
    destination = postgres_destination_body(warehouse_url, "supaglue_crm")
    destination["config"]["column_prefix"] = "_supaglue_"
    connection_id = connect_common(glue, emulated, destination, "warehouse")
    sync_connection(glue.store, connection_id)
    engine = create_engine(warehouse_url)
    with engine.connect() as db:
        columns = db.execute(text(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'supaglue_crm' "
            "AND table_name LIKE 'crm\\_%'")).all()
        unified = db.execute(text(
            "SELECT id, first_name, owner_id, is_deleted, _supaglue_unified_data FROM supaglue_crm.crm_contacts")).all()
    engine.dispose()
    tables: dict[str, set[str]] = {}
    for table, column in columns:
        tables.setdefault(table, set()).add(column)
    assert tables == {table: set(names) for table, names in SUPAGLUE_CRM_TABLES.items()}
    assert len(unified) == 30
    for record_id, first_name, owner_id, is_deleted, data in unified:
        assert (data["id"], data["first_name"], data["owner_id"], data["is_deleted"]) == (
            record_id, first_name, owner_id, is_deleted)
        assert "raw_data" not in data  # Supaglue's unified record leaves the raw record to its own column


def test_dagster_shows_each_common_object_downstream_of_the_provider_object_it_is_mapped_from():
    from glue_pipelines.definitions import build_definitions

    defs = build_definitions()
    for provider in (spec for spec in registry.syncable() if spec.common_mappings()):
        for common_object, mapping in provider.common_mappings().items():
            key = dg.AssetKey([provider.name, f"common_{common_object}"])
            assets = defs.resolve_assets_def(key)
            assert assets.asset_deps[key] == {dg.AssetKey([provider.name, mapping.from_object])}
            assert assets.partitions_def.name == f"{provider.name}_connections"
