"""The hosted vault's pages honour the session's settings and theme, and never show a secret."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Application, Connection, Customer, Event
from glue_api.models.base import utcnow
from glue_emulators import gong
from glue_emulators.server import EmulatorServer
from tests.pipelines.conftest import oauth_provider_body
from tests.pages.support import GONG, PageText, offer, open_session, post_form
from tests.support.store import dump_all_rows
from tests.vault.oauth_support import (
    add_connection,
    configure_integration,
    connection_state,
    consent,
    path_of,
    stored_credentials,
)

GONG_KEY, GONG_SECRET = "gong-access-key-71c2", "gong-secret-value-9e04"


@pytest.fixture
def hubspot(app, mgmt, emulators):
    emulated = emulators("hubspot")
    configure_integration(mgmt, app, emulated)
    return emulated


@pytest.fixture
def gong_provider(app, mgmt):
    with EmulatorServer(gong.create_emulator([(GONG_KEY, GONG_SECRET)]).app) as server:
        app.state.settings.provider_base_urls["gong"] = server.url
        offer(mgmt, GONG)
        yield server


def callable_hubspot(app, first_application, hubspot) -> str:
    tokens = hubspot.mint()
    return add_connection(app, first_application.application_id, "hubspot", state="callable", credentials={
        "type": "oauth2", "access_token": tokens["access_token"], "refresh_token": tokens["refresh_token"],
        "expires_at": (utcnow() + timedelta(hours=1)).isoformat(),
    })


def test_unified_apis_limit_the_integrations_shown(vault, http, mgmt, hubspot, gong_provider):
    offer(mgmt, oauth_provider_body("slack"))  # the Vault's team-messaging family
    home, answer = open_session(vault, http, settings={"unified_apis": ["crm"]})
    assert answer.status_code == 200
    shown = PageText(answer.text)
    assert shown.has_text("HubSpot") and shown.has_text("Gong") and not shown.has_text("Slack")
    hidden = http.get(f"{home}/team-messaging/slack")
    assert hidden.status_code == 404 and "not available in this session" in hidden.text

    _, messaging = open_session(vault, http, settings={"unified_apis": ["team-messaging"]})
    shown = PageText(messaging.text)
    assert shown.has_text("Slack") and not shown.has_text("HubSpot") and not shown.has_text("Gong")

    _, everything = open_session(vault, http)
    assert all(PageText(everything.text).has_text(name) for name in ("HubSpot", "Gong", "Slack"))


def test_allow_actions_decide_the_buttons_and_are_enforced(app, vault, http, first_application, hubspot):
    connection_id = callable_hubspot(app, first_application, hubspot)
    home, _ = open_session(vault, http, settings={"allow_actions": []})
    page = PageText(http.get(f"{home}/crm/hubspot").text)
    assert page.buttons == []
    refused = post_form(http, f"{home}/crm/hubspot/disconnect")
    assert refused.status_code == 403 and "text/html" in refused.headers["content-type"]
    assert post_form(http, f"{home}/crm/hubspot/delete").status_code == 403
    assert post_form(http, f"{home}/crm/hubspot/disable").status_code == 403
    assert post_form(http, f"{home}/crm/hubspot/authorize").status_code == 403  # reauthorize
    assert connection_state(app, connection_id) == "callable"

    home, _ = open_session(vault, http)  # allow_actions omitted: every action
    assert PageText(http.get(f"{home}/crm/hubspot").text).buttons == [
        "Re-authorize", "Disable", "Disconnect", "Delete HubSpot connection"]


def test_no_empty_manage_section(app, vault, http, first_application, hubspot):
    add_connection(app, first_application.application_id, "hubspot")  # "added": nothing to disconnect yet
    home, _ = open_session(vault, http, settings={"allow_actions": ["disconnect", "reauthorize"]})
    page = PageText(http.get(f"{home}/crm/hubspot").text)
    assert not page.has_text("Manage") and page.buttons == ["Connect HubSpot"]


def test_disable_enable_and_delete(app, vault, http, first_application, hubspot):
    connection_id = callable_hubspot(app, first_application, hubspot)
    home, _ = open_session(vault, http)
    disabled = post_form(http, f"{home}/crm/hubspot/disable")
    assert disabled.status_code == 303
    page = PageText(http.get(disabled.headers["location"]).text)
    assert page.has_text("Disabled") and "Enable" in page.buttons
    assert vault.get("/vault/connections/crm/hubspot").json()["data"]["enabled"] is False
    post_form(http, f"{home}/crm/hubspot/enable")
    assert vault.get("/vault/connections/crm/hubspot").json()["data"]["enabled"] is True

    deleted = post_form(http, f"{home}/crm/hubspot/delete")
    assert deleted.status_code == 303 and deleted.headers["location"] == f"{home}?done=deleted"
    assert PageText(http.get(deleted.headers["location"]).text).has_text("Connection deleted.")
    with transaction(app.state.session_factory) as session:
        assert session.get(Connection, connection_id) is None
        types = list(session.scalars(select(Event.type)))
    assert "vault.connection.deleted" in types and "vault.connection.disabled" in types


@pytest.mark.parametrize("settings, sidebar, back_link", [
    ({}, True, True),
    ({"show_sidebar": False}, False, True),
    ({"isolation_mode": True}, False, False),
])
def test_sidebar_and_isolation_mode(vault, http, hubspot, settings, sidebar, back_link):
    home, answer = open_session(vault, http, settings=settings)
    assert bool(PageText(answer.text).elements("aside")) == sidebar
    connection_page = PageText(http.get(f"{home}/crm/hubspot").text)
    assert bool(connection_page.elements("aside")) == sidebar
    assert connection_page.has_text("All integrations") == (sidebar or back_link)


def test_resource_settings_and_logs_can_be_hidden(app, vault, http, first_application, hubspot):
    callable_hubspot(app, first_application, hubspot)
    assert vault.get("/vault/connections/crm/hubspot").status_code == 200  # one logged call about HubSpot
    home, _ = open_session(vault, http)
    shown = PageText(http.get(f"{home}/crm/hubspot").text)
    assert shown.has_text("Resources") and shown.has_text("Recent activity")
    assert shown.has_text("Get connection") and shown.has_text("200")

    home, _ = open_session(vault, http, settings={"hide_resource_settings": True, "show_logs": False})
    hidden = PageText(http.get(f"{home}/crm/hubspot").text)
    assert not hidden.has_text("Resources") and not hidden.has_text("Recent activity")


def test_theme_and_consumer_metadata_are_shown_and_sanitised(vault, http, hubspot):
    _, answer = open_session(vault, http, consumer_metadata={
        "account_name": "Acme Ltd", "user_name": "Ada", "image": "https://cdn.acme.test/ada.png"},
        theme={"vault_name": "Acme Connect", "primary_color": "#112233", "logo": "https://cdn.acme.test/logo.svg",
               "sidepanel_background_color": "red;}body{display:none", "terms_url": "javascript:alert(1)",
               "privacy_url": "https://acme.test/privacy"})
    page = PageText(answer.text)
    assert page.has_text("Acme Connect") and page.has_text("Acme Ltd")
    assert "--primary:#112233" in answer.text and "display:none" not in answer.text
    assert page.elements("img", src="https://cdn.acme.test/logo.svg")
    assert page.elements("img", src="https://cdn.acme.test/ada.png")
    assert page.elements("a", href="https://acme.test/privacy") and "javascript:" not in answer.text


def test_secrets_are_masked_and_never_written_into_the_page(app, vault, http, gong_provider):
    home, _ = open_session(vault, http)
    saved = post_form(http, f"{home}/crm/gong/settings",
                      {"access_key": GONG_KEY, "access_key_secret": GONG_SECRET})
    assert saved.status_code == 303, saved.text
    page = http.get(saved.headers["location"])
    assert GONG_KEY not in page.text and GONG_SECRET not in page.text
    inputs = PageText(page.text).elements("input", type="password")
    assert [i["name"] for i in inputs] == ["access_key", "access_key_secret"]
    assert all(i["value"] == "" for i in inputs)
    assert PageText(page.text).has_text("A value is stored")

    # Saving again with the secret fields left blank keeps what is stored.
    assert post_form(http, f"{home}/crm/gong/settings", {}).status_code == 303
    data = vault.get("/vault/connections/crm/gong").json()["data"]
    assert data["state"] == "callable"
    with transaction(app.state.session_factory) as session:
        connection_id = session.scalars(select(Connection.id)).one()
    stored = stored_credentials(app, connection_id)
    assert (stored["access_key"], stored["access_key_secret"]) == (GONG_KEY, GONG_SECRET)


def test_guides_say_where_keys_are_unless_hidden(vault, http, gong_provider):
    home, _ = open_session(vault, http)
    assert "Where to find it" in http.get(f"{home}/crm/gong").text
    home, _ = open_session(vault, http, settings={"hide_guides": True})
    assert "Where to find it" not in http.get(f"{home}/crm/gong").text


def test_wrong_keys_are_refused_and_change_nothing(app, vault, http, gong_provider):
    home, _ = open_session(vault, http)
    post_form(http, f"{home}/crm/gong/settings", {"access_key": GONG_KEY, "access_key_secret": GONG_SECRET})
    before = dump_all_rows(app.state.engine)
    refused = post_form(http, f"{home}/crm/gong/settings", {"access_key_secret": "not-the-secret"})
    assert refused.status_code == 400
    assert "Gong did not accept" in refused.text and "not-the-secret" not in refused.text
    assert dump_all_rows(app.state.engine) == before


def test_a_typed_url_setting_is_refused_with_the_form_kept(app, vault, http, mgmt, emulators):
    configure_integration(mgmt, app, emulators("salesforce"))
    home, _ = open_session(vault, http)
    before = dump_all_rows(app.state.engine)
    refused = post_form(http, f"{home}/crm/salesforce/settings", {"instance_url": "ftp://example.test"})
    assert refused.status_code == 400 and "choose a production or sandbox org" in refused.text
    assert PageText(refused.text).elements("form")
    assert dump_all_rows(app.state.engine) == before


def test_connecting_through_the_session_and_auto_redirect(app, vault, http, first_application, hubspot):
    back_to = "https://app.example.com/settings/integrations"
    assert http.put("/glue/v1/redirect_uris", headers={"x-api-key": first_application.api_key},
                    json={"redirect_uris": [back_to]}).status_code == 200
    home, _ = open_session(vault, http, redirect_uri=back_to, settings={"auto_redirect": True})
    to_provider = post_form(http, f"{home}/crm/hubspot/authorize")
    assert to_provider.status_code == 303 and to_provider.headers["location"].startswith(hubspot.url)
    callback = consent(to_provider.headers["location"])
    back = http.get(path_of(callback), follow_redirects=False)
    assert back.headers["location"].endswith(f"{home}/crm/hubspot?done=authorized")
    landed = http.get(path_of(back.headers["location"]), follow_redirects=False)
    assert landed.status_code == 303 and landed.headers["location"] == back_to
    assert vault.get("/vault/connections/crm/hubspot").json()["data"]["state"] == "callable"

    # Without auto_redirect the customer stays and reads the outcome.
    home, _ = open_session(vault, http, redirect_uri=back_to)
    callback = consent(post_form(http, f"{home}/crm/hubspot/authorize").headers["location"])
    back = http.get(path_of(callback), follow_redirects=False).headers["location"]
    page = http.get(path_of(back))
    assert page.status_code == 200 and PageText(page.text).has_text("Connected.")
    assert PageText(page.text).elements("a", href=back_to)


def test_declined_consent_is_shown_on_the_connection_page(vault, http, hubspot):
    home, _ = open_session(vault, http)
    callback = consent(post_form(http, f"{home}/crm/hubspot/authorize").headers["location"], decision="deny")
    back = http.get(path_of(callback), follow_redirects=False).headers["location"]
    page = http.get(path_of(back))
    assert "did not connect" in page.text
    assert vault.get("/vault/connections/crm/hubspot").json()["data"]["state"] == "added"


def test_expired_tampered_and_orphaned_sessions(app, vault, http, hubspot):
    home, _ = open_session(vault, http, settings={"session_length": "1s"})
    time.sleep(1.1)
    expired = http.get(home)
    assert expired.status_code == 401 and "Session expired" in expired.text
    assert post_form(http, f"{home}/crm/hubspot/authorize").status_code == 401

    assert http.get("/vault/session/not-a-token").status_code == 401
    home, _ = open_session(vault, http)
    with transaction(app.state.session_factory) as session:
        session.delete(session.scalars(select(Customer)).one())
    gone = http.get(home)
    assert gone.status_code == 401 and "Link not valid" in gone.text


def test_pages_send_protective_headers_and_their_stylesheet(vault, http, hubspot):
    _, answer = open_session(vault, http)
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert "<script" not in answer.text
    stylesheet = http.get("/pages/assets/pages.css")
    assert stylesheet.status_code == 200 and "--primary" in stylesheet.text


def test_connection_page_forms_may_lead_only_to_glue_the_provider_and_the_sessions_redirect(
    app, vault, http, hubspot, first_application,
):
    with transaction(app.state.session_factory) as session:
        session.get(Application, first_application.application_id).allowed_redirect_uris = [
            "https://app.example.com/integrations/"]
    home, _ = open_session(vault, http, redirect_uri="https://app.example.com/integrations/done",
                           settings={"auto_redirect": True})

    page = http.get(f"{home}/crm/hubspot")

    directives = dict(p.strip().split(" ", 1) for p in page.headers["content-security-policy"].split(";"))
    assert directives["form-action"].split() == [
        "'self'", hubspot.url, "http://glue.test", "https://app.example.com"]
