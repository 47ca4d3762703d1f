"""Clearbit and 6sense connected in Chromium through a magic link's API-key form: the key is checked with
the provider (its emulator) first, a refused one stores nothing, an accepted one makes a callable connection."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Connection
from glue_emulators import clearbit, sixsense
from glue_emulators.server import EmulatorServer
from tests.support.store import dump_all_rows
from tests.vault.oauth_support import connection_state, stored_credentials

PROVIDERS = {"clearbit": ("Clearbit", clearbit, "Clearbit did not accept this API key"),
             "6sense": ("6sense", sixsense, "6sense did not accept this API token")}


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_magic_link_key_form_checks_the_key_before_storing_it(name, app, mgmt, live, application_site, page,
                                                               screenshots):
    title, module, refusal = PROVIDERS[name]
    with EmulatorServer(module.create_emulator().app) as emulator:
        app.state.settings.provider_base_urls[name] = emulator.url
        assert mgmt.post("/providers", json={"name": name, "category": "enrichment", "auth_type": "api_key"}
                         ).status_code == 201
        assert mgmt.put("/customers", json={"customer_id": "consumer-1", "name": "Acme", "email": "it@acme.test"}
                        ).status_code == 200
        link = mgmt.post("/magic_links", json={
            "customer_id": "consumer-1", "provider_name": name, "expiration_secs": 3600,
            "return_url": f"{application_site.url}/integrations/done"}).json()
        page.goto(link["url"])
        expect(page.get_by_role("heading", name=f"Connect your {title} account")).to_be_visible()
        screenshots(page, f"magic-link-{name}")

        before = dump_all_rows(app.state.engine)
        page.get_by_label("API key").fill("a-wrong-key-7f3a")
        page.get_by_role("button", name=f"Connect {title}").click()
        expect(page.get_by_role("alert")).to_contain_text(refusal)
        assert "a-wrong-key-7f3a" not in page.content()
        assert dump_all_rows(app.state.engine) == before

        page.get_by_label("API key").fill(module.SANDBOX_KEY)
        page.get_by_role("button", name=f"Connect {title}").click()
        page.wait_for_url(f"{application_site.url}/integrations/done")
    with transaction(app.state.session_factory) as session:
        connection_id = session.scalars(select(Connection.id).where(Connection.provider_name == name)).one()
    assert stored_credentials(app, connection_id)["api_key"] == module.SANDBOX_KEY
    assert connection_state(app, connection_id) == "callable"
