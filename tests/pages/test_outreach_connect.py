"""A magic link connects Outreach in Chromium through the Outreach emulator's consent page, and the
connection's first sync lands the emulator's records in a PostgreSQL warehouse."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from glue_emulators.outreach import create_emulator
from glue_emulators.server import EmulatorServer
from glue_pipelines.store import GlueStore
from glue_pipelines.sync.runner import sync_connection
from tests.pages.test_browser_flows import link_status, new_link
from tests.pipelines.conftest import sync_config_body
from tests.support.clients import vault_client
from tests.support.warehouse import create_warehouse_database, drop_warehouse_database, postgres_destination_body
from tests.vault.oauth_support import CLIENT_ID, CLIENT_SECRET

COUNTS = {"prospects": 120, "accounts": 30, "users": 4, "sequences": 5, "sequenceStates": 40, "mailboxes": 4,
          "sequenceSteps": 9}


@pytest.fixture
def outreach(app):
    emulator = create_emulator(COUNTS)
    emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    with EmulatorServer(emulator.app) as server:
        app.state.settings.provider_base_urls["outreach"] = server.url
        yield emulator, server


@pytest.fixture
def warehouse():
    url = create_warehouse_database()
    yield url
    drop_warehouse_database(url)


def test_magic_link_connects_outreach_through_its_consent_page_and_the_first_sync_lands_its_records(
    app, mgmt, http, first_application, live, outreach, warehouse, application_site, page, screenshots,
):
    emulator, server = outreach
    assert mgmt.put("/customers", json={"customer_id": "consumer-1", "name": "Acme", "email": "it@acme.test"}
                    ).status_code == 200
    assert mgmt.post("/providers", json={
        "name": "outreach", "category": "engagement", "auth_type": "oauth2",
        "config": {"provider_app_id": "glue-test", "oauth": {
            "oauth_scopes": [], "credentials": {"oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}},
    }).status_code == 201
    assert mgmt.post("/destinations", json=postgres_destination_body(warehouse, "engagement")).status_code == 201
    assert mgmt.post("/sync_configs", json=sync_config_body("outreach", list(COUNTS))).status_code == 201

    link = new_link(mgmt, application_site, "outreach")
    assert page.goto(link["url"]).status == 200
    expect(page.get_by_role("heading", name="Connect your Outreach account")).to_be_visible()
    screenshots(page, "magic-link-outreach")
    page.get_by_role("button", name="Connect Outreach").click()
    page.wait_for_url(f"{server.url}/oauth/authorize**")  # Outreach's own consent page
    expect(page.get_by_text("prospects.read")).to_be_visible()  # the scopes Glue asks for by default
    page.get_by_role("button", name="Grant access").click()
    page.wait_for_url(f"{application_site.url}/integrations/done")
    expect(page.get_by_role("heading", name="Back at Acme")).to_be_visible()

    consumer = vault_client(http, first_application.api_key, first_application.application_id, "consumer-1")
    connection = consumer.get("/vault/connections/crm/outreach").json()["data"]
    assert connection["state"] == "callable"
    assert link_status(mgmt, link["id"]) == "consumed"

    [made] = mgmt.get("/customers/consumer-1/connections").json()
    outcomes = sync_connection(GlueStore(app.state.settings, app.state.keyring), made["id"])
    assert {o.object: (o.full, o.records) for o in outcomes} == {name: (True, n) for name, n in COUNTS.items()}
    engine = create_engine(warehouse)
    with engine.connect() as warehouse_db:
        for name, count in COUNTS.items():
            ids = warehouse_db.execute(text(f"SELECT _glue_id FROM engagement.outreach_{name.lower()}")).scalars().all()
            assert sorted(ids, key=int) == [str(n) for n in range(1, count + 1)], name
    engine.dispose()
