"""Linear connected in Chromium: a magic link leads to the emulator's consent page, the code comes back,
Glue keeps Linear's 24-hour access token with its refresh token, and the connection's first sync lands
every record."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Connection
from glue_pipelines.store import GlueStore
from glue_pipelines.sync.runner import sync_connection
from tests.support.warehouse import postgres_destination_body
from tests.vault.oauth_support import CLIENT_ID, CLIENT_SECRET, connection_state, stored_credentials

OBJECTS = ["issues", "comments", "projects", "teams", "users"]


def test_magic_link_connects_linear_and_the_first_sync_lands_its_records(
    app, mgmt, live, emulators, application_site, warehouse_url, page, screenshots,  # noqa: F811
):
    linear = emulators("linear")
    app.state.settings.provider_base_urls["linear"] = linear.url
    assert mgmt.put("/customers", json={"customer_id": "consumer-1", "name": "Acme", "email": "it@acme.test"}
                    ).status_code == 200
    assert mgmt.post("/providers", json={
        "name": "linear", "category": "no_category", "auth_type": "oauth2",
        "config": {"provider_app_id": "glue-test", "oauth": {"oauth_scopes": [], "credentials": {
            "oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}},
    }).status_code == 201
    assert mgmt.post("/destinations", json=postgres_destination_body(warehouse_url, "issues")).status_code == 201
    assert mgmt.post("/sync_configs", json={"destination_name": "warehouse", "provider_name": "linear", "config": {
        "default_config": {"period_ms": 3600000, "strategy": "full then incremental"},
        "standard_objects": [{"object": name} for name in OBJECTS]}}).status_code == 201
    link = mgmt.post("/magic_links", json={
        "customer_id": "consumer-1", "provider_name": "linear", "expiration_secs": 3600,
        "return_url": f"{application_site.url}/integrations/done"}).json()

    assert page.goto(link["url"]).status == 200
    expect(page.get_by_role("heading", name="Connect your Linear account")).to_be_visible()
    screenshots(page, "magic-link-linear")
    page.get_by_role("button", name="Connect Linear").click()
    page.wait_for_url(f"{linear.url}/oauth/authorize?**")  # Linear's own consent page
    page.get_by_role("button", name="Grant access").click()
    page.wait_for_url(f"{application_site.url}/integrations/done")
    expect(page.get_by_role("heading", name="Back at Acme")).to_be_visible()

    with transaction(app.state.session_factory) as session:
        connection_id = session.scalars(select(Connection.id).where(Connection.provider_name == "linear")).one()
    assert connection_state(app, connection_id) == "callable"
    credentials = stored_credentials(app, connection_id)
    assert credentials["access_token"] and credentials["refresh_token"] and credentials["expires_at"]
    assert linear.counter.token_requests == 1

    store = GlueStore(app.state.settings, app.state.keyring)
    try:
        outcomes = {o.object: o for o in sync_connection(store, connection_id)}
    finally:
        store.dispose()
    served = linear.emulator.dataset
    assert {name: outcomes[name].records for name in OBJECTS} == {name: served[name].count for name in OBJECTS}
    assert all(outcome.full for outcome in outcomes.values())
