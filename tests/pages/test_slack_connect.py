"""Slack connected in Chromium: a magic link leads to the emulator's OAuth v2 consent page, the code comes
back, Glue keeps Slack's bot token (which never expires, with no refresh token) from oauth.v2.access's
``{"ok": true, ...}`` answer, and the connection's first sync lands every user, channel and message."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Connection
from glue_pipelines.store import GlueStore
from glue_pipelines.sync.runner import sync_connection
from tests.support.warehouse import postgres_destination_body
from tests.vault.oauth_support import CLIENT_ID, CLIENT_SECRET, connection_state, stored_credentials

OBJECTS = ["users", "channels", "messages"]


def test_magic_link_connects_slack_and_the_first_sync_lands_its_records(
    app, mgmt, live, emulators, application_site, warehouse_url, page, screenshots,  # noqa: F811
):
    slack = emulators("slack")
    app.state.settings.provider_base_urls["slack"] = slack.url
    assert mgmt.put("/customers", json={"customer_id": "consumer-1", "name": "Acme", "email": "it@acme.test"}
                    ).status_code == 200
    assert mgmt.post("/providers", json={
        "name": "slack", "category": "no_category", "auth_type": "oauth2",
        "config": {"provider_app_id": "glue-test", "oauth": {"oauth_scopes": [], "credentials": {
            "oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}},
    }).status_code == 201
    assert mgmt.post("/destinations", json=postgres_destination_body(warehouse_url, "chat")).status_code == 201
    assert mgmt.post("/sync_configs", json={"destination_name": "warehouse", "provider_name": "slack", "config": {
        "default_config": {"period_ms": 3600000, "strategy": "full then incremental"},
        "standard_objects": [{"object": name} for name in OBJECTS]}}).status_code == 201
    link = mgmt.post("/magic_links", json={
        "customer_id": "consumer-1", "provider_name": "slack", "expiration_secs": 3600,
        "return_url": f"{application_site.url}/integrations/done"}).json()

    assert page.goto(link["url"]).status == 200
    expect(page.get_by_role("heading", name="Connect your Slack account")).to_be_visible()
    screenshots(page, "magic-link-slack")
    page.get_by_role("button", name="Connect Slack").click()
    page.wait_for_url(f"{slack.url}/oauth/v2/authorize?**")  # Slack's own consent page
    expect(page.get_by_text("channels:history")).to_be_visible()  # the bot scopes Glue asks for
    page.get_by_role("button", name="Grant access").click()
    page.wait_for_url(f"{application_site.url}/integrations/done")
    expect(page.get_by_role("heading", name="Back at Acme")).to_be_visible()

    with transaction(app.state.session_factory) as session:
        connection_id = session.scalars(select(Connection.id).where(Connection.provider_name == "slack")).one()
    assert connection_state(app, connection_id) == "callable"
    credentials = stored_credentials(app, connection_id)
    assert credentials["access_token"].startswith("xoxb-") and credentials["expires_at"] is None
    assert "refresh_token" not in credentials
    assert slack.counter.token_requests == 1

    store = GlueStore(app.state.settings, app.state.keyring)
    try:
        outcomes = {o.object: o for o in sync_connection(store, connection_id)}
    finally:
        store.dispose()
    served = slack.emulator.dataset
    assert {name: outcomes[name].records for name in OBJECTS} == {name: served[name].count for name in OBJECTS}
    assert all(outcome.full for outcome in outcomes.values())
    assert slack.counter.token_requests == 1  # nothing to refresh: the token never expires
