"""A customer connects Capsule, Zendesk Sell or Gong (by Gong's OAuth app flow, which an application
chooses over key pairs) through a magic link in Chromium: Glue's page, the provider's consent page (its
emulator's), back to the application; then the connection's first sync lands every record."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Connection
from glue_pipelines.store import GlueStore
from glue_pipelines.sync.runner import sync_connection
from tests.pages.test_browser_flows import link_status, new_link
from tests.pipelines.conftest import sync_config_body
from tests.support.warehouse import postgres_destination_body
from tests.vault.oauth_support import configure_integration

# Per provider: its title, where its consent page is, a scope Glue asks for by default, and the objects its
# first sync reads.
PROVIDERS = {
    "capsule": ("Capsule", "/oauth/authorise", "read", ["parties", "opportunities", "users"]),
    "zendesk_sell": ("Zendesk Sell", "/oauth2/authorize", "read", ["contacts", "leads", "deals", "users"]),
    "gong": ("Gong", "/oauth2/authorize", "api:calls:read:basic", ["users", "calls"]),
}


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_magic_link_connects_and_the_first_sync_lands_every_record(
    name, app, mgmt, keyring, live, emulators, application_site, warehouse_url, page, screenshots,
):
    title, consent_path, scope, objects = PROVIDERS[name]
    provider = emulators(name)
    configure_integration(mgmt, app, provider)
    assert mgmt.post("/destinations", json=postgres_destination_body(warehouse_url, "crm")).status_code == 201
    assert mgmt.post("/sync_configs", json=sync_config_body(name, objects)).status_code == 201

    link = new_link(mgmt, application_site, name)
    page.goto(link["url"])
    expect(page.get_by_role("heading", name=f"Connect your {title} account")).to_be_visible()
    screenshots(page, f"magic-link-{name.replace('_', '-')}")
    page.get_by_role("button", name=f"Connect {title}").click()
    page.wait_for_url(f"{provider.url}{consent_path}**")  # the provider's own consent page
    expect(page.get_by_text(scope, exact=True)).to_be_visible()
    page.get_by_role("button", name="Grant access").click()
    page.wait_for_url(f"{application_site.url}/integrations/done")
    assert link_status(mgmt, link["id"]) == "consumed"

    with transaction(app.state.session_factory) as session:
        connection = session.scalars(select(Connection).where(Connection.provider_name == name)).one()
        connection_id, state = connection.id, connection.state
    assert state == "callable"
    outcomes = {o.object: o for o in sync_connection(GlueStore(app.state.settings, keyring), connection_id)}
    counts = {object_name: provider.emulator.dataset[object_name].count for object_name in objects}
    assert {o: (outcome.records, outcome.full) for o, outcome in outcomes.items()} == \
        {o: (count, True) for o, count in counts.items()}
    runs = mgmt.get("/sync-runs").json()["results"]
    assert {(r["object"], r["status"], r["num_records_synced"]) for r in runs} == \
        {(o, "SUCCESS", count) for o, count in counts.items()}
