"""Dynamics 365 Sales connected through a magic link in Chromium: the customer gives the organisation URL
(only a Dynamics address is taken), consents on the emulated Microsoft page to a scope naming that
organisation, comes back to the application, and the connection's first sync lands every record."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, select, text

from glue_api.db import transaction
from glue_api.models import Connection
from glue_emulators.ms_dynamics_365_sales import DEFAULT_COUNTS
from glue_pipelines.store import GlueStore
from glue_pipelines.sync.runner import sync_connection
from tests.pages.test_browser_flows import link_status, new_link
from tests.pipelines.conftest import sync_config_body
from tests.support.clients import vault_client
from tests.support.warehouse import postgres_destination_body
from tests.vault.oauth_support import configure_integration

PROVIDER = "ms_dynamics_365_sales"
OBJECTS = ["account", "contact", "lead", "opportunity", "systemuser"]


@pytest.fixture
def dynamics(app, mgmt, live, emulators, warehouse_url):
    emulated = emulators(PROVIDER)
    configure_integration(mgmt, app, emulated)
    assert mgmt.post("/destinations", json=postgres_destination_body(warehouse_url, "crm")).status_code == 201
    assert mgmt.post("/sync_configs", json=sync_config_body(PROVIDER, OBJECTS)).status_code == 201
    return emulated


def connections(app) -> list[Connection]:
    with transaction(app.state.session_factory) as session:
        return list(session.scalars(select(Connection).where(Connection.provider_name == PROVIDER)))


def test_magic_link_connects_dynamics_with_its_organisation_url_and_the_first_sync_lands_every_record(
    app, mgmt, http, first_application, dynamics, application_site, warehouse_url, page, screenshots,
):
    link = new_link(mgmt, application_site, PROVIDER)
    assert page.goto(link["url"]).status == 200
    expect(page.get_by_role("heading", name="Connect your Microsoft Dynamics 365 Sales account")).to_be_visible()
    screenshots(page, "magic-link-dynamics")

    # An address off Dynamics' domains is refused on the page, and nothing is stored.
    page.get_by_label("Organization URL").fill("https://contoso.example.com")
    with page.expect_navigation() as refused:
        page.get_by_role("button", name="Connect Microsoft Dynamics 365 Sales").click()
    assert refused.value.status == 400
    expect(page.get_by_role("alert")).to_contain_text("not a Microsoft Dynamics 365 Sales address")
    assert connections(app) == []

    # The organisation as copied from the browser's address bar: its origin is kept.
    page.get_by_label("Organization URL").fill(f"{dynamics.url}/main.aspx?appid=1234")
    page.get_by_role("button", name="Connect Microsoft Dynamics 365 Sales").click()
    page.wait_for_url(f"{dynamics.url}/organizations/oauth2/v2.0/authorize**")  # Microsoft's consent page
    scope = parse_qs(urlsplit(page.url).query)["scope"][0].split(" ")
    assert scope == [f"{dynamics.url}/user_impersonation", "offline_access"]
    expect(page.get_by_text(f"{dynamics.url}/user_impersonation")).to_be_visible()
    page.get_by_role("button", name="Grant access").click()
    page.wait_for_url(f"{application_site.url}/integrations/done")
    expect(page.get_by_role("heading", name="Back at Acme")).to_be_visible()

    consumer = vault_client(http, first_application.api_key, first_application.application_id, "consumer-1")
    assert consumer.get(f"/vault/connections/crm/{PROVIDER}").json()["data"]["state"] == "callable"
    assert link_status(mgmt, link["id"]) == "consumed"
    [connection] = connections(app)
    assert connection.instance_url == dynamics.url

    # The first sync: every table, read on the organisation URL with the consented token.
    outcomes = {o.object: o for o in sync_connection(GlueStore(app.state.settings, app.state.keyring), connection.id)}
    assert {name: (o.records, o.full) for name, o in outcomes.items()} == {
        name: (DEFAULT_COUNTS[name], True) for name in OBJECTS}
    engine = create_engine(warehouse_url)
    try:
        with engine.connect() as db:
            landed = db.execute(text(f"SELECT count(*) FROM crm.{PROVIDER}_opportunity")).scalar_one()
    finally:
        engine.dispose()
    assert landed == DEFAULT_COUNTS["opportunity"]


def test_a_vault_session_connects_dynamics_with_its_organisation_url(
    app, mgmt, http, first_application, dynamics, page, screenshots,
):
    vault = vault_client(http, first_application.api_key, first_application.application_id, "consumer-1")
    created = vault.post("/vault/sessions", json={"settings": {"unified_apis": ["crm"]}})
    assert created.status_code == 200, created.text
    page.goto(created.json()["data"]["session_uri"])
    page.locator(".integration").filter(has_text="Microsoft Dynamics 365 Sales").get_by_role(
        "link", name="Microsoft Dynamics 365 Sales").click()
    expect(page.get_by_role("heading", name="Microsoft Dynamics 365 Sales", exact=True)).to_be_visible()

    page.get_by_label("Organization URL").fill("https://login.attacker.example")
    with page.expect_navigation() as refused:
        page.get_by_role("button", name="Connect Microsoft Dynamics 365 Sales").click()
    assert refused.value.status == 400
    expect(page.get_by_role("alert")).to_contain_text("not a Microsoft Dynamics 365 Sales address")
    assert connections(app) == []
    screenshots(page, "vault-session-dynamics-refused")

    page.get_by_label("Organization URL").fill(dynamics.url)
    page.get_by_role("button", name="Connect Microsoft Dynamics 365 Sales").click()
    page.wait_for_url(f"{dynamics.url}/organizations/oauth2/v2.0/authorize**")
    page.get_by_role("button", name="Grant access").click()
    expect(page.get_by_role("status")).to_contain_text("Connected")
    [connection] = connections(app)
    assert connection.instance_url == dynamics.url and connection.state == "callable"
