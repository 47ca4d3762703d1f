"""A customer connects Capsule through a magic link in Chromium: Glue's page, Capsule's consent page
(the emulator's), back to the application; then the connection's first sync lands every record."""

from __future__ import annotations

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

OBJECTS = ["parties", "opportunities", "users"]


def test_magic_link_connects_capsule_and_the_first_sync_lands_every_record(
    app, mgmt, keyring, live, emulators, application_site, warehouse_url, page, screenshots,
):
    capsule = emulators("capsule")
    configure_integration(mgmt, app, capsule)
    assert mgmt.post("/destinations", json=postgres_destination_body(warehouse_url, "crm")).status_code == 201
    assert mgmt.post("/sync_configs", json=sync_config_body("capsule", OBJECTS)).status_code == 201

    link = new_link(mgmt, application_site, "capsule")
    page.goto(link["url"])
    expect(page.get_by_role("heading", name="Connect your Capsule account")).to_be_visible()
    screenshots(page, "magic-link-capsule")
    page.get_by_role("button", name="Connect Capsule").click()
    page.wait_for_url(f"{capsule.url}/oauth/authorise**")  # Capsule's own consent page
    expect(page.get_by_text("read")).to_be_visible()  # the scopes Glue asks for by default
    page.get_by_role("button", name="Grant access").click()
    page.wait_for_url(f"{application_site.url}/integrations/done")
    assert link_status(mgmt, link["id"]) == "consumed"

    with transaction(app.state.session_factory) as session:
        connection = session.scalars(select(Connection).where(Connection.provider_name == "capsule")).one()
        connection_id, state = connection.id, connection.state
    assert state == "callable"
    outcomes = {o.object: o for o in sync_connection(GlueStore(app.state.settings, keyring), connection_id)}
    counts = {name: capsule.emulator.dataset[name].count for name in OBJECTS}
    assert {name: (o.records, o.full) for name, o in outcomes.items()} == {n: (c, True) for n, c in counts.items()}
    runs = mgmt.get("/sync-runs").json()["results"]
    assert {(r["object"], r["status"], r["num_records_synced"]) for r in runs} == \
        {(name, "SUCCESS", count) for name, count in counts.items()}
