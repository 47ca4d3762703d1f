"""Clearbit and 6sense through the Management API: a key is checked with the provider (its emulator)
before it is stored, a refused one stores nothing, and a sync config naming them says why it cannot be."""

from __future__ import annotations

import pytest

from glue_api.connections.states import CALLABLE
from glue_api.models import Connection

from glue_emulators import clearbit, sixsense
from glue_emulators.server import EmulatorServer
from tests.support.store import dump_all_rows

LOOKUPS = {"clearbit": (clearbit.create_emulator, clearbit.SANDBOX_KEY),
           "6sense": (sixsense.create_emulator, sixsense.SANDBOX_KEY)}


@pytest.fixture(params=sorted(LOOKUPS))
def lookup(request, app, mgmt):
    """(provider name, the key its emulator accepts), the provider configured and customer c1 created."""
    name = request.param
    factory, key = LOOKUPS[name]
    with EmulatorServer(factory().app) as server:
        app.state.settings.provider_base_urls[name] = server.url
        made = mgmt.post("/providers", json={"name": name, "category": "enrichment", "auth_type": "api_key"})
        assert made.status_code == 201, made.text
        mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
        yield name, key


def test_a_key_the_provider_accepts_makes_a_callable_connection(lookup, app, mgmt):
    name, key = lookup
    created = mgmt.post("/customers/c1/connections", json={"provider_name": name, "type": "api_key", "api_key": key})
    assert created.status_code == 200, created.text
    assert created.json()["provider_name"] == name and created.json()["category"] == "enrichment"
    assert key not in created.text
    with app.state.session_factory() as session:  # the provider confirmed the key
        assert session.get(Connection, created.json()["id"]).state == CALLABLE


def test_a_refused_key_stores_nothing(lookup, app, mgmt):
    name, _ = lookup
    before = dump_all_rows(app.state.engine)
    refused = mgmt.post("/customers/c1/connections",
                        json={"provider_name": name, "type": "api_key", "api_key": "a-wrong-key-0001"})
    assert refused.status_code == 400
    detail = refused.json()["errors"][0]["detail"]
    assert "did not accept" in detail and "Nothing was stored" in detail and "a-wrong-key-0001" not in refused.text
    assert dump_all_rows(app.state.engine) == before
    assert mgmt.get(f"/customers/c1/connections/{name}").status_code == 404


def test_a_provider_that_cannot_be_reached_stores_nothing(lookup, app, mgmt):
    name, key = lookup
    app.state.settings.provider_base_urls[name] = "http://127.0.0.1:9"  # nothing listens there
    before = dump_all_rows(app.state.engine)
    answer = mgmt.post("/customers/c1/connections", json={"provider_name": name, "type": "api_key", "api_key": key})
    assert answer.status_code == 422
    assert "try again" in answer.json()["errors"][0]["detail"] and key not in answer.text
    assert dump_all_rows(app.state.engine) == before


def test_a_sync_config_naming_a_lookup_provider_says_it_has_nothing_to_sync(lookup, app, mgmt):
    name, _ = lookup
    title = "Clearbit" if name == "clearbit" else "6sense"
    before = dump_all_rows(app.state.engine)
    answer = mgmt.post("/sync_configs", json={
        "destination_name": "nowhere", "provider_name": name,
        "config": {"default_config": {"period_ms": 3600000, "strategy": "full then incremental"},
                   "standard_objects": []}})
    assert answer.status_code == 400
    detail = answer.json()["errors"][0]["detail"]
    assert detail.startswith(f"{title} is an enrichment provider: its API looks up one person or company at a time")
    assert "no sync config can name it" in detail
    assert dump_all_rows(app.state.engine) == before
