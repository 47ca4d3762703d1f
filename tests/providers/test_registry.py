"""A provider registered from one folder (tests/providers/example_provider) through GLUE_PROVIDER_PACKAGES
shows up everywhere Glue reads providers, with no other file changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from glue_providers import registry

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "tests.providers.example_provider"
PROVIDER = {"name": "example_crm", "category": "crm", "auth_type": "api_key"}
HOURLY = {"period_ms": 3600000, "strategy": "full then incremental"}


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setenv(registry.EXTRA_PACKAGES_VARIABLE, PACKAGE)
    return registry.get("example_crm")


def mgmt_headers(first_application) -> dict:
    return {"x-api-key": first_application.api_key}


def test_unregistered_it_is_unknown(http, first_application, monkeypatch):
    monkeypatch.delenv(registry.EXTRA_PACKAGES_VARIABLE, raising=False)
    assert registry.find("example_crm") is None
    response = http.post("/mgmt/v2/providers", json=PROVIDER, headers=mgmt_headers(first_application))
    assert response.status_code in (400, 422)
    assert "example_crm" not in [spec.name for spec in registry.all_specs()]


def test_the_registry_reads_its_declaration(registered):
    assert registered.syncable and registered.objects == ("widgets", "gadgets")
    assert registered in registry.syncable() and registered in registry.in_category("crm")
    assert registered not in registry.in_sandbox()  # no fixed port: the sandbox's five stay as they are
    assert len(registry.all_specs()) == 19


def test_the_management_api_offers_it_and_validates_its_sync_configs(app, http, first_application, registered):
    headers = mgmt_headers(first_application)
    created = http.post("/mgmt/v2/providers", json=PROVIDER, headers=headers)
    assert created.status_code == 201, created.text
    assert [p["name"] for p in http.get("/mgmt/v2/providers", headers=headers).json()] == ["example_crm"]
    destination = http.post("/mgmt/v2/destinations", headers=headers, json={"type": "supaglue"})
    assert destination.status_code == 201, destination.text

    def sync_config(**config) -> httpx.Response:
        return http.post("/mgmt/v2/sync_configs", headers=headers, json={
            "destination_name": "supaglue", "provider_name": "example_crm",
            "config": {"default_config": HOURLY, **config}})

    refused = {
        "Widgets": sync_config(standard_objects=[{"object": "Widgets"}]),
        "contacts": sync_config(standard_objects=[{"object": "contacts"}]),
        "custom": sync_config(standard_objects=[{"object": "widgets"}], custom_objects=[{"object": "w__c"}]),
    }
    for name, response in refused.items():
        assert response.status_code == 400, name
    assert "its standard objects are widgets, gadgets" in refused["Widgets"].json()["errors"][0]["detail"]
    assert "not example_crm" in refused["custom"].json()["errors"][0]["detail"]
    accepted = sync_config(standard_objects=[{"object": "widgets"}, {"object": "gadgets"}])
    assert accepted.status_code == 201, accepted.text


def test_the_vault_lists_it(http, first_application, registered):
    assert http.post("/mgmt/v2/providers", json=PROVIDER, headers=mgmt_headers(first_application)).status_code == 201
    headers = {"authorization": f"Bearer {first_application.api_key}",
               "x-apideck-app-id": first_application.application_id, "x-apideck-consumer-id": "consumer-1"}
    listed = http.get("/vault/connections", headers=headers)
    assert listed.status_code == 200, listed.text
    [connection] = listed.json()["data"]
    assert (connection["service_id"], connection["name"], connection["unified_api"]) == ("example_crm", "Example CRM", "crm")
    assert connection["state"] == "available" and connection["auth_type"] == "apiKey"
    added = http.post("/vault/connections/crm/example_crm", headers=headers, json={"settings": {"api_key": "k-1"}})
    assert added.status_code == 200, added.text
    assert added.json()["data"]["state"] == "authorized"  # Glue has no way to check its key: stored unconfirmed
    example = http.get("/vault/connections/crm/example_crm/companies/example", headers=headers)
    assert example.status_code == 200, example.text
    assert example.json()["data"]["example_response"] == {"id": "w-1", "name": "Sprocket", "updated_at": "2024-05-21T16:40:12Z"}


def test_the_engine_defines_its_assets_and_sensor(registered):
    import dagster as dg

    from glue_pipelines.definitions import build_definitions

    defs = build_definitions()
    keys = {key.to_user_string() for key in defs.resolve_all_asset_keys()}
    assert {"example_crm/widgets", "example_crm/gadgets"} <= keys
    assert "example_crm/custom_objects" not in keys  # it declares no custom objects
    assert "example_crm_due_syncs" in {sensor.name for sensor in defs.sensors}
    partitions = defs.resolve_assets_def(dg.AssetKey(["example_crm", "widgets"])).partitions_def
    assert partitions.name == "example_crm_connections"


def test_the_emulator_command_serves_it():
    env = {**os.environ, registry.EXTRA_PACKAGES_VARIABLE: PACKAGE, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "glue_emulators", "serve", "example_crm"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        urls = json.loads(process.stdout.readline() or "{}")
        assert list(urls) == ["example_crm"], process.stderr.read() if process.poll() is not None else urls
        listed = httpx.get(f"{urls['example_crm']}/v1/widgets", headers={"x-api-key": "example-key"}, timeout=30)
        assert listed.status_code == 200
        assert [record["id"] for record in listed.json()["data"]] == ["w-1", "w-2", "w-3"]
        assert httpx.get(f"{urls['example_crm']}/v1/widgets", timeout=30).status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=60)


def test_the_emulator_command_names_what_it_knows():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(registry.EXTRA_PACKAGES_VARIABLE, None)
    result = subprocess.run([sys.executable, "-m", "glue_emulators", "serve", "example_crm"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "unknown emulator 'example_crm'" in result.stderr and "hubspot" in result.stderr
