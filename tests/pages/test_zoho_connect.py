"""Zoho CRM connected in Chromium through a magic link and its emulator's consent page, then synced.

The consent asks for offline access, the redirect names the data centre's accounts server (where Glue then
exchanges the code and later refreshes), and the first sync reads every module from the token's api_domain."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from glue_api.db import transaction
from glue_api.models import Connection
from glue_pipelines.store import GlueStore
from glue_pipelines.sync.runner import sync_connection
from glue_providers import registry
from tests.pages.test_browser_flows import link_status, new_link
from tests.pipelines.conftest import sync_config_body
from tests.vault.oauth_support import configure_integration, stored_credentials


def test_magic_link_connects_zoho_through_its_consent_and_the_first_sync_succeeds(
    app, mgmt, first_application, live, emulators, application_site, page,
):
    zoho = emulators("zoho_crm")
    configure_integration(mgmt, app, zoho)
    assert mgmt.post("/destinations", json={"type": "supaglue"}).status_code == 201
    objects = list(registry.get("zoho_crm").objects)
    assert mgmt.post("/sync_configs", json=sync_config_body("zoho_crm", objects, destination="supaglue")
                     ).status_code == 201

    link = new_link(mgmt, application_site, "zoho_crm")
    assert page.goto(link["url"]).status == 200
    expect(page.get_by_role("heading", name="Connect your Zoho CRM account")).to_be_visible()
    page.get_by_role("button", name="Connect Zoho CRM").click()
    page.wait_for_url(f"{zoho.url}/oauth/v2/auth?**")  # Zoho's own consent page
    asked = {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}
    assert asked["access_type"] == "offline" and asked["prompt"] == "consent"
    assert asked["scope"] == "ZohoCRM.modules.ALL,ZohoCRM.users.READ,ZohoCRM.settings.fields.READ"
    page.get_by_role("button", name="Grant access").click()
    page.wait_for_url(f"{application_site.url}/integrations/done")
    assert link_status(mgmt, link["id"]) == "consumed"

    [connection] = mgmt.get("/customers/consumer-1/connections").json()
    assert connection["provider_name"] == "zoho_crm"
    with transaction(app.state.session_factory) as session:
        settings = session.get(Connection, connection["id"]).settings
    assert settings["login_url"] == zoho.url  # the redirect's accounts-server: refreshes go there
    credentials = stored_credentials(app, connection["id"])
    assert credentials["api_domain"] == zoho.url and credentials["refresh_token"]

    store = GlueStore(app.state.settings, app.state.keyring)
    try:
        outcomes = {o.object: o for o in sync_connection(store, connection["id"])}
    finally:
        store.dispose()
    counts = {name: zoho.emulator.dataset[name].live_count() for name in objects}
    assert {name: (o.full, o.records) for name, o in outcomes.items()} == {name: (True, counts[name])
                                                                         for name in objects}
    runs = mgmt.get("/sync-runs").json()["results"]
    assert {r["status"] for r in runs} == {"SUCCESS"} and len(runs) == len(objects)
