"""The hosted pages walked through in Chromium: magic links, API-key forms, a vault session, dead links."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select, update

from glue_api.db import transaction
from glue_api.models import Connection, Event, MagicLink
from glue_api.models.base import utcnow
from tests.pages.conftest import APOLLO_KEY
from tests.support.clients import vault_client
from tests.support.spec import validate_webhook_payload
from tests.support.store import dump_all_rows
from tests.vault.oauth_support import (
    add_connection,
    connection_state,
    stored_credentials,
)


def new_link(mgmt, application_site, provider: str, customer: str = "consumer-1") -> dict:
    response = mgmt.post("/magic_links", json={
        "customer_id": customer, "provider_name": provider, "expiration_secs": 3600,
        "return_url": f"{application_site.url}/integrations/done",
    })
    assert response.status_code == 201, response.text
    return response.json()


def link_status(mgmt, link_id: str) -> str:
    return next(link["status"] for link in mgmt.get("/magic_links").json() if link["id"] == link_id)


def events_of(app, event_type: str) -> list[dict]:
    with transaction(app.state.session_factory) as session:
        return list(session.scalars(select(Event.payload).where(Event.type == event_type)))


def test_magic_link_connects_hubspot_through_the_providers_consent(
    app, mgmt, http, first_application, hubspot, application_site, page, screenshots,
):
    link = new_link(mgmt, application_site, "hubspot")
    response = page.goto(link["url"])
    assert response.status == 200
    expect(page.get_by_role("heading", name="Connect your HubSpot account")).to_be_visible()
    expect(page.get_by_text("acme", exact=False).first).to_be_visible()  # the application's name
    screenshots(page, "magic-link-oauth")

    page.get_by_role("button", name="Connect HubSpot").click()
    page.wait_for_url(f"{hubspot.url}/**")  # the provider's own consent page
    page.get_by_role("button", name="Grant access").click()
    page.wait_for_url(f"{application_site.url}/integrations/done")
    expect(page.get_by_role("heading", name="Back at Acme")).to_be_visible()

    consumer = vault_client(http, first_application.api_key, first_application.application_id, "consumer-1")
    connection = consumer.get("/vault/connections/crm/hubspot").json()["data"]
    assert connection["state"] == "callable"
    assert link_status(mgmt, link["id"]) == "consumed"
    [created] = events_of(app, "connection.created")
    validate_webhook_payload("connection.created", created)
    assert created["customer_id"] == "consumer-1" and created["provider_name"] == "hubspot"

    # A consumed link connects nothing more.
    again = page.goto(link["url"])
    assert again.status == 410
    expect(page.get_by_role("heading", name="Link already used")).to_be_visible()
    screenshots(page, "magic-link-used")


def test_api_key_form_refuses_a_wrong_key_and_stores_a_right_one(
    app, mgmt, http, first_application, live, apollo_emulator, application_site, page, screenshots,
):
    assert mgmt.post("/providers", json={"name": "apollo", "category": "engagement", "auth_type": "api_key"}
                     ).status_code == 201
    assert mgmt.put("/customers", json={"customer_id": "consumer-1", "name": "Acme Ltd", "email": "it@acme.test"}
                    ).status_code == 200
    link = new_link(mgmt, application_site, "apollo")
    page.goto(link["url"])
    expect(page.get_by_role("heading", name="Connect your Apollo account")).to_be_visible()
    screenshots(page, "magic-link-api-key")

    before = dump_all_rows(app.state.engine)
    page.get_by_label("API key").fill("apollo-key-wrong")
    page.get_by_role("button", name="Connect Apollo").click()
    expect(page.get_by_role("alert")).to_contain_text("Apollo did not accept this API key")
    assert "apollo-key-wrong" not in page.content()  # a typed key is never echoed back
    screenshots(page, "magic-link-api-key-refused")
    assert dump_all_rows(app.state.engine) == before  # nothing stored, the link still new
    assert link_status(mgmt, link["id"]) == "new"

    # The right key, with the keyboard alone: focus moves to the field, Enter submits.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_label("API key")).to_be_focused()
    page.keyboard.type(APOLLO_KEY)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{application_site.url}/integrations/done")

    with transaction(app.state.session_factory) as session:
        connection = session.scalars(select(Connection).where(Connection.provider_name == "apollo")).one()
        connection_id = connection.id
    assert stored_credentials(app, connection_id)["api_key"] == APOLLO_KEY
    assert connection_state(app, connection_id) == "callable"
    assert link_status(mgmt, link["id"]) == "consumed"
    assert len(events_of(app, "connection.created")) == 1


def test_vault_session_lists_edits_and_disconnects(
    app, mgmt, http, first_application, hubspot, emulators, page, screenshots,
):
    salesforce = emulators("salesforce")
    from tests.vault.oauth_support import configure_integration

    configure_integration(mgmt, app, salesforce)
    tokens = hubspot.mint()
    hubspot_id = add_connection(app, first_application.application_id, "hubspot", state="callable", credentials={
        "type": "oauth2", "access_token": tokens["access_token"], "refresh_token": tokens["refresh_token"],
        "expires_at": (utcnow() + timedelta(hours=1)).isoformat(),
    })
    vault = vault_client(http, first_application.api_key, first_application.application_id, "consumer-1")
    created = vault.post("/vault/sessions", json={
        "consumer_metadata": {"account_name": "Acme Ltd", "user_name": "Ada Lovelace", "email": "ada@acme.test"},
        "settings": {"unified_apis": ["crm"], "allow_actions": ["disconnect", "reauthorize"], "show_logs": True},
        "theme": {"vault_name": "Acme Integrations", "primary_color": "#0a7d5a",
                  "privacy_url": "https://acme.test/privacy", "terms_url": "https://acme.test/terms"},
    })
    assert created.status_code == 200, created.text
    page.goto(created.json()["data"]["session_uri"])

    expect(page.get_by_role("heading", name="Integrations")).to_be_visible()
    expect(page.get_by_text("Acme Integrations").first).to_be_visible()
    expect(page.get_by_text("Ada Lovelace")).to_be_visible()
    expect(page.get_by_role("link", name="Privacy policy")).to_have_attribute("href", "https://acme.test/privacy")
    cards = page.locator(".integration")
    expect(cards).to_have_count(2)
    expect(cards.filter(has_text="HubSpot")).to_contain_text("Connected")
    expect(cards.filter(has_text="Salesforce")).to_contain_text("Not connected")
    screenshots(page, "vault-session-home")

    # A setting: Salesforce's sandbox org (never a typed URL), saved through the form and read back through the API.
    cards.filter(has_text="Salesforce").get_by_role("link", name="Salesforce").click()
    expect(page.get_by_role("heading", name="Salesforce", exact=True)).to_be_visible()
    expect(page.get_by_label("Login URL")).to_have_count(0)
    page.get_by_label("Sandbox").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_have_text("Settings saved.")
    assert vault.get("/vault/connections/crm/salesforce").json()["data"]["settings"]["login_url"] == \
        "https://test.salesforce.com"
    screenshots(page, "vault-session-settings")

    # Disconnecting HubSpot revokes its token at the provider and leaves the connection waiting.
    page.get_by_role("navigation", name="Integrations").get_by_role("link", name="HubSpot").click()
    expect(page.get_by_role("button", name="Delete HubSpot connection")).to_have_count(0)  # not allowed
    screenshots(page, "vault-session-connection")
    page.get_by_role("button", name="Disconnect").click()
    expect(page.get_by_role("status")).to_contain_text("Disconnected")
    assert connection_state(app, hubspot_id) == "added"
    assert tokens["refresh_token"] not in hubspot.oauth._refresh
    expect(page.locator(".heading-row .badge")).to_have_text("Needs setup")


def test_expired_link_and_tampered_session_token_show_clear_pages(
    app, mgmt, http, first_application, hubspot, application_site, page, screenshots,
):
    link = new_link(mgmt, application_site, "hubspot")
    with transaction(app.state.session_factory) as session:
        session.execute(update(MagicLink).where(MagicLink.id == link["id"]).values(
            expires_at=utcnow() - timedelta(minutes=1)))
    response = page.goto(link["url"])
    assert response.status == 410
    expect(page.get_by_role("heading", name="Link expired")).to_be_visible()
    expect(page.get_by_role("button")).to_have_count(0)  # nothing to connect with
    screenshots(page, "magic-link-expired")

    vault = vault_client(http, first_application.api_key, first_application.application_id, "consumer-1")
    uri = vault.post("/vault/sessions", json={}).json()["data"]["session_uri"]
    signature_start = uri.rindex(".") + 1
    flipped = "A" if uri[signature_start] != "A" else "B"
    tampered = uri[:signature_start] + flipped + uri[signature_start + 1:]
    response = page.goto(tampered)
    assert response.status == 401
    expect(page.get_by_role("heading", name="Link not valid")).to_be_visible()
    screenshots(page, "vault-session-invalid")
    with transaction(app.state.session_factory) as session:
        assert session.scalars(select(Connection)).all() == []
