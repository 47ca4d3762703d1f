"""Salesloft connected in Chromium: a magic link takes the customer to Salesloft's consent page (its
emulator's), back to the application, and the connection's first sync lands every object."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from glue_emulators import salesloft
from glue_emulators.server import EmulatorServer
from glue_pipelines.store import GlueStore
from glue_pipelines.sync.runner import sync_connection
from tests.pages.test_browser_flows import link_status, new_link
from tests.pipelines.conftest import sync_config_body
from tests.support.clients import vault_client
from tests.support.warehouse import postgres_destination_body
from tests.vault.oauth_support import CLIENT_ID, CLIENT_SECRET

COUNTS = {"people": 130, "accounts": 20, "users": 5, "cadences": 4, "cadence_memberships": 60}


@pytest.fixture
def salesloft_site(app, mgmt, live):
    """Salesloft's emulator, and the application's Salesloft OAuth app pointed at it."""
    emulator = salesloft.create_emulator(COUNTS)
    emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    with EmulatorServer(emulator.app) as server:
        app.state.settings.provider_base_urls["salesloft"] = server.url
        assert mgmt.put("/customers", json={"customer_id": "consumer-1", "name": "Acme", "email": "it@acme.test"}
                        ).status_code == 200
        assert mgmt.post("/providers", json={
            "name": "salesloft", "category": "engagement", "auth_type": "oauth2",
            "config": {"provider_app_id": "glue-test", "oauth": {
                "oauth_scopes": [],
                "credentials": {"oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}},
        }).status_code == 201
        yield emulator, server


def test_magic_link_connects_salesloft_through_its_consent_page_and_the_first_sync_lands(
    app, mgmt, http, first_application, salesloft_site, application_site, warehouse_url, page, screenshots,
):
    emulator, server = salesloft_site
    link = new_link(mgmt, application_site, "salesloft")
    assert page.goto(link["url"]).status == 200
    expect(page.get_by_role("heading", name="Connect your Salesloft account")).to_be_visible()
    screenshots(page, "magic-link-salesloft")

    page.get_by_role("button", name="Connect Salesloft").click()
    page.wait_for_url(f"{server.url}/**")  # Salesloft's own consent page
    expect(page.get_by_role("heading", name="Salesloft")).to_be_visible()
    page.get_by_role("button", name="Grant access").click()
    page.wait_for_url(f"{application_site.url}/integrations/done")
    expect(page.get_by_role("heading", name="Back at Acme")).to_be_visible()

    consumer = vault_client(http, first_application.api_key, first_application.application_id, "consumer-1")
    connection = consumer.get("/vault/connections/crm/salesloft").json()["data"]
    assert connection["state"] == "callable"
    assert link_status(mgmt, link["id"]) == "consumed"

    # The connection's first sync, with the tokens the consent page gave.
    assert mgmt.post("/destinations", json=postgres_destination_body(warehouse_url, "engagement")).status_code == 201
    assert mgmt.post("/sync_configs", json=sync_config_body("salesloft", list(COUNTS))).status_code == 201
    [made] = mgmt.get("/customers/consumer-1/connections").json()
    store = GlueStore(app.state.settings, app.state.keyring)
    try:
        outcomes = {outcome.object: outcome for outcome in sync_connection(store, made["id"])}
    finally:
        store.dispose()
    assert {name: outcome.records for name, outcome in outcomes.items()} == COUNTS
    assert all(outcome.full for outcome in outcomes.values())
    assert emulator.budget.report()["refused"] == 0
