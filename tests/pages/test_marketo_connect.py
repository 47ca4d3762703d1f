"""Marketo connected in Chromium through a magic link: the customer types the client ID and secret of its
LaunchPoint service and its Munchkin account ID (never a URL); Glue asks the instance (its emulator) for a token
first, so a refused secret stores nothing and an accepted client makes a callable connection."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Connection
from glue_emulators import marketo
from glue_emulators.server import EmulatorServer
from tests.support.store import dump_all_rows
from tests.vault.oauth_support import connection_state, stored_credentials

CLIENT_ID, CLIENT_SECRET = marketo.SANDBOX_CLIENT


def test_magic_link_form_checks_the_client_with_marketo_before_storing_it(app, mgmt, live, application_site, page,
                                                                          screenshots):
    emulator = marketo.create_emulator({"leads": 5, "programs": 2})
    with EmulatorServer(emulator.app) as server:
        app.state.settings.provider_base_urls["marketo"] = server.url
        assert mgmt.post("/providers", json={"name": "marketo", "category": "marketing_automation",
                                             "auth_type": "oauth2"}).status_code == 201
        assert mgmt.put("/customers", json={"customer_id": "consumer-1", "name": "Acme", "email": "it@acme.test"}
                        ).status_code == 200
        link = mgmt.post("/magic_links", json={
            "customer_id": "consumer-1", "provider_name": "marketo", "expiration_secs": 3600,
            "return_url": f"{application_site.url}/integrations/done"}).json()
        page.goto(link["url"])
        expect(page.get_by_role("heading", name="Connect your Marketo account")).to_be_visible()
        expect(page.get_by_label("Munchkin account ID")).to_be_visible()
        screenshots(page, "magic-link-marketo")

        before = dump_all_rows(app.state.engine)
        page.get_by_label("Client ID").fill(CLIENT_ID)
        page.get_by_label("Client secret").fill("a-wrong-secret-5e1c")
        page.get_by_label("Munchkin account ID").fill("123-ABC-456")
        page.get_by_role("button", name="Connect Marketo").click()
        expect(page.get_by_role("alert")).to_contain_text("Marketo did not accept this client ID and secret")
        assert "a-wrong-secret-5e1c" not in page.content()
        assert dump_all_rows(app.state.engine) == before

        page.get_by_label("Client ID").fill(CLIENT_ID)
        page.get_by_label("Client secret").fill(CLIENT_SECRET)
        page.get_by_label("Munchkin account ID").fill("123-ABC-456")
        page.get_by_role("button", name="Connect Marketo").click()
        page.wait_for_url(f"{application_site.url}/integrations/done")
    app.state.settings.provider_base_urls.pop("marketo", None)
    with transaction(app.state.session_factory) as session:
        connection_id = session.scalars(select(Connection.id).where(Connection.provider_name == "marketo")).one()
    assert stored_credentials(app, connection_id) == {"type": "client_credentials", "client_id": CLIENT_ID,
                                                      "client_secret": CLIENT_SECRET, "munchkin_id": "123-ABC-456"}
    assert connection_state(app, connection_id) == "callable"
