"""Intercom through the Management API: a connection holds the access token (Intercom issues no refresh
token), optionally the workspace's regional host, and is used without any refresh; Glue answers who
authorized it and its rate-limit figures from the emulator."""

from __future__ import annotations

import pytest

from glue_api.models import Connection
from glue_emulators import intercom
from glue_emulators.server import EmulatorServer
from tests.support.store import dump_all_rows

CLIENT_ID, CLIENT_SECRET = "glue-intercom-client", "glue-intercom-secret"


@pytest.fixture
def served(app, mgmt):
    emulator = intercom.create_emulator({"admins": 3, "contacts": 2})
    emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    with EmulatorServer(emulator.app) as server:
        app.state.settings.provider_base_urls["intercom"] = server.url
        assert mgmt.post("/providers", json={
            "name": "intercom", "category": "no_category", "auth_type": "oauth2",
            "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": [], "credentials": {
                "oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}}}).status_code == 201
        mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
        yield emulator, server


def test_an_access_token_connects_and_answers_who_authorized_it(served, app, mgmt):
    emulator, _ = served
    token = emulator.oauth.mint(CLIENT_ID)["access_token"]
    made = mgmt.post("/customers/c1/connections",
                     json={"provider_name": "intercom", "type": "oauth2", "access_token": token})
    assert made.status_code == 200, made.text
    assert token not in made.text
    with app.state.session_factory() as session:
        credentials = app.state.keyring.open_json(session.get(Connection, made.json()["id"]).credentials)
    assert credentials == {"type": "oauth2", "access_token": token, "expires_at": None}

    user = mgmt.get("/customers/c1/connections/_provider_user_id", params={"provider_name": "intercom"})
    assert user.status_code == 200
    assert user.json()["user_id"] == intercom.render.remote_id("admins", 0)  # the admin /me names
    limits = mgmt.get("/customers/c1/connections/intercom/_rate_limit_info").json()
    assert limits["other"]["minute"]["limit"] == 10_000 and limits["other"]["minute"]["remaining"] < 10_000


def test_a_refresh_token_body_is_refused_for_intercom(served, app, mgmt):
    before = dump_all_rows(app.state.engine)
    answer = mgmt.post("/customers/c1/connections",
                       json={"provider_name": "intercom", "type": "oauth2", "refresh_token": "rt-anything"})
    assert answer.status_code == 400  # Intercom issues no refresh tokens: its body takes the access token
    assert dump_all_rows(app.state.engine) == before


@pytest.mark.parametrize("url,accepted", [("https://api.eu.intercom.io", True), ("https://api.au.intercom.io", True),
                                          ("https://intercom.io.evil.example", False),
                                          ("http://169.254.169.254", False)])
def test_a_regional_host_is_kept_and_any_other_refused(app, mgmt, url, accepted):
    mgmt.post("/providers", json={"name": "intercom", "category": "no_category", "auth_type": "oauth2",
                                  "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": [], "credentials": {
                                      "oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}}})
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
    answer = mgmt.post("/customers/c1/connections", json={
        "provider_name": "intercom", "type": "oauth2", "access_token": "a-token", "instance_url": url})
    if accepted:
        assert answer.status_code == 200 and answer.json()["instance_url"] == url
    else:
        assert answer.status_code in (400, 422) and not mgmt.get("/customers/c1/connections").json()
