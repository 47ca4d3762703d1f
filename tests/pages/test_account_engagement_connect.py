"""Account Engagement (Pardot) connected through a magic link in Chromium: the customer gives the business
unit id (only an 0Uv... id is taken), consents on the emulated Salesforce page to the pardot_api scope, comes
back to the application, and the first sync reads every object with that business unit's header."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, select, text

from glue_api.db import transaction
from glue_api.models import Connection
from glue_emulators import pardot
from glue_emulators.server import EmulatorServer
from glue_pipelines.store import GlueStore
from glue_pipelines.sync.runner import sync_connection
from glue_providers import registry
from tests.pages.test_browser_flows import link_status, new_link
from tests.pipelines.conftest import sync_config_body
from tests.support.clients import vault_client
from tests.support.warehouse import postgres_destination_body
from tests.vault.oauth_support import CLIENT_ID, CLIENT_SECRET, CountingApp, Emulated

PROVIDER = "salesforce_marketing_cloud_account_engagement"
TITLE = "Salesforce Marketing Cloud Account Engagement"
OBJECTS = list(registry.get(PROVIDER).objects)


@pytest.fixture
def account_engagement(app, mgmt, live, warehouse_url):
    emulator = pardot.create_emulator({})
    emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    counter = CountingApp(emulator.app, registry.get(PROVIDER).oauth.token_path)
    emulated = Emulated(PROVIDER, emulator, counter, EmulatorServer(counter).start())
    app.state.settings.provider_base_urls[PROVIDER] = emulated.url
    assert mgmt.put("/customers", json={"customer_id": "consumer-1", "name": "Acme", "email": "it@acme.test"}
                    ).status_code == 200
    assert mgmt.post("/providers", json={
        "name": PROVIDER, "category": "marketing_automation", "auth_type": "oauth2",
        "config": {"provider_app_id": "glue-test", "oauth": {"oauth_scopes": [], "credentials": {
            "oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}},
    }).status_code == 201
    assert mgmt.post("/destinations", json=postgres_destination_body(warehouse_url, "mkt")).status_code == 201
    assert mgmt.post("/sync_configs", json=sync_config_body(PROVIDER, OBJECTS)).status_code == 201
    yield emulated
    emulated.server.stop()


def connections(app) -> list[Connection]:
    with transaction(app.state.session_factory) as session:
        return list(session.scalars(select(Connection).where(Connection.provider_name == PROVIDER)))


def test_magic_link_connects_account_engagement_with_its_business_unit_and_the_first_sync_lands_every_record(
    app, mgmt, http, first_application, account_engagement, application_site, warehouse_url, page, screenshots,
):
    link = new_link(mgmt, application_site, PROVIDER)
    assert page.goto(link["url"]).status == 200
    expect(page.get_by_role("heading", name=f"Connect your {TITLE} account")).to_be_visible()

    # Something that is not a business unit id is refused on the page, and nothing is stored.
    page.get_by_label("Business unit ID").fill("001000000000000AAA")
    with page.expect_navigation() as refused:
        page.get_by_role("button", name=f"Connect {TITLE}").click()
    assert refused.value.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Business unit ID is not in the expected form")
    assert connections(app) == []
    screenshots(page, "magic-link-account-engagement-refused")

    page.get_by_label("Business unit ID").fill(f"  {pardot.BUSINESS_UNIT_ID} ")
    page.get_by_role("button", name=f"Connect {TITLE}").click()
    page.wait_for_url(f"{account_engagement.url}/services/oauth2/authorize**")  # Salesforce's consent page
    assert parse_qs(urlsplit(page.url).query)["scope"][0].split(" ") == ["pardot_api", "refresh_token"]
    expect(page.get_by_text("pardot_api")).to_be_visible()
    page.get_by_role("button", name="Grant access").click()
    page.wait_for_url(f"{application_site.url}/integrations/done")
    expect(page.get_by_role("heading", name="Back at Acme")).to_be_visible()

    consumer = vault_client(http, first_application.api_key, first_application.application_id, "consumer-1")
    assert consumer.get(f"/vault/connections/email-marketing/{PROVIDER}").json()["data"]["state"] == "callable"
    assert link_status(mgmt, link["id"]) == "consumed"
    [connection] = connections(app)
    assert connection.settings["business_unit_id"] == pardot.BUSINESS_UNIT_ID

    # The first sync reads every object with the business unit's header (the emulator refuses any other).
    outcomes = {o.object: o for o in sync_connection(GlueStore(app.state.settings, app.state.keyring), connection.id)}
    assert {name: (o.records, o.full) for name, o in outcomes.items()} == {
        name: (pardot.DEFAULT_COUNTS[name], True) for name in OBJECTS}
    engine = create_engine(warehouse_url)
    try:
        with engine.connect() as db:
            landed = db.execute(text(f"SELECT count(*) FROM mkt.{PROVIDER}_visitor_activity")).scalar_one()
    finally:
        engine.dispose()
    assert landed == pardot.DEFAULT_COUNTS["visitor_activity"]

    # The Vault lists the account's custom prospect fields, read with the same header.
    fields = consumer.get(f"/vault/connections/email-marketing/{PROVIDER}/prospects/custom-fields")
    assert fields.status_code == 200, fields.text
    assert {(f["id"], f["name"], f["finder"]) for f in fields.json()["data"]} == {
        ("101", "Industry segment", "$.Industry_Segment__c"), ("102", "Trial end date", "$.Trial_End__c")}


def test_a_vault_session_connects_account_engagement_with_its_business_unit(
    app, mgmt, http, first_application, account_engagement, page, screenshots,
):
    vault = vault_client(http, first_application.api_key, first_application.application_id, "consumer-1")
    created = vault.post("/vault/sessions", json={})  # every integration (the Vault has no marketing API name)
    assert created.status_code == 200, created.text
    page.goto(created.json()["data"]["session_uri"])
    page.locator(".integration").filter(has_text=TITLE).get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE, exact=True)).to_be_visible()

    page.get_by_label("Business unit ID").fill("0Uv5e000000CaB8CAK; DROP")
    with page.expect_navigation() as refused:
        page.get_by_role("button", name=f"Connect {TITLE}").click()
    assert refused.value.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Business unit ID is not in the expected form")
    assert connections(app) == []
    screenshots(page, "vault-session-account-engagement-refused")

    page.get_by_label("Business unit ID").fill(pardot.BUSINESS_UNIT_ID)
    page.get_by_role("button", name=f"Connect {TITLE}").click()
    page.wait_for_url(f"{account_engagement.url}/services/oauth2/authorize**")
    page.get_by_role("button", name="Grant access").click()
    expect(page.get_by_role("status")).to_contain_text("Connected")
    [connection] = connections(app)
    assert connection.state == "callable" and connection.settings["business_unit_id"] == pardot.BUSINESS_UNIT_ID
