"""Intercom, Linear and Slack connected in Chromium: a magic link leads to the emulator's consent page, the
code comes back, Glue keeps the provider's token (Intercom's and Slack's never expire and come without a
refresh token; Linear's last a day and come with one), and the connection's first sync lands every record."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Connection
from glue_pipelines.store import GlueStore
from glue_pipelines.sync.runner import sync_connection
from glue_providers import registry
from tests.support.warehouse import postgres_destination_body
from tests.vault.oauth_support import CLIENT_ID, CLIENT_SECRET, connection_state, stored_credentials

# Per provider: where its consent page is, the warehouse schema, a scope its consent page shows (or None),
# and how its access tokens begin.
PROVIDERS = {
    "intercom": ("/oauth?", "support", None, ""),
    "linear": ("/oauth/authorize?", "issues", None, ""),
    "slack": ("/oauth/v2/authorize?", "chat", "channels:history", "xoxb-"),  # a bot token, with the bot's scopes
}


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_magic_link_connects_and_the_first_sync_lands_its_records(
    name, app, mgmt, live, emulators, application_site, warehouse_url, page, screenshots,  # noqa: F811
):
    consent_path, schema, scope_shown, token_prefix = PROVIDERS[name]
    spec = registry.get(name)
    objects = list(spec.objects)
    provider = emulators(name)
    app.state.settings.provider_base_urls[name] = provider.url
    assert mgmt.put("/customers", json={"customer_id": "consumer-1", "name": "Acme", "email": "it@acme.test"}
                    ).status_code == 200
    assert mgmt.post("/providers", json={
        "name": name, "category": spec.category.value, "auth_type": "oauth2",
        "config": {"provider_app_id": "glue-test", "oauth": {"oauth_scopes": [], "credentials": {
            "oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}},
    }).status_code == 201
    assert mgmt.post("/destinations", json=postgres_destination_body(warehouse_url, schema)).status_code == 201
    assert mgmt.post("/sync_configs", json={"destination_name": "warehouse", "provider_name": name, "config": {
        "default_config": {"period_ms": 3600000, "strategy": "full then incremental"},
        "standard_objects": [{"object": o} for o in objects]}}).status_code == 201
    link = mgmt.post("/magic_links", json={
        "customer_id": "consumer-1", "provider_name": name, "expiration_secs": 3600,
        "return_url": f"{application_site.url}/integrations/done"}).json()

    assert page.goto(link["url"]).status == 200
    expect(page.get_by_role("heading", name=f"Connect your {spec.title} account")).to_be_visible()
    screenshots(page, f"magic-link-{name}")
    page.get_by_role("button", name=f"Connect {spec.title}").click()
    page.wait_for_url(f"{provider.url}{consent_path}**")  # the provider's own consent page
    if scope_shown:
        expect(page.get_by_text(scope_shown)).to_be_visible()
    page.get_by_role("button", name="Grant access").click()
    page.wait_for_url(f"{application_site.url}/integrations/done")
    expect(page.get_by_role("heading", name="Back at Acme")).to_be_visible()

    with transaction(app.state.session_factory) as session:
        connection_id = session.scalars(select(Connection.id).where(Connection.provider_name == name)).one()
    assert connection_state(app, connection_id) == "callable"
    credentials = stored_credentials(app, connection_id)
    assert credentials["access_token"].startswith(token_prefix)
    if spec.oauth.refresh_tokens:
        assert credentials["access_token"] and credentials["refresh_token"] and credentials["expires_at"]
    else:
        assert credentials["access_token"] and credentials["expires_at"] is None and "refresh_token" not in credentials
    assert provider.counter.token_requests == 1

    store = GlueStore(app.state.settings, app.state.keyring)
    try:
        outcomes = {o.object: o for o in sync_connection(store, connection_id)}
    finally:
        store.dispose()
    served = provider.emulator.dataset
    assert {o: outcomes[o].records for o in objects} == {o: served[o].count for o in objects}
    assert all(outcome.full for outcome in outcomes.values())
    assert provider.counter.token_requests == 1  # a fresh token: nothing refreshed
