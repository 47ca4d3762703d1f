"""Findings 1 and 2 of the hostile review: Salesforce URLs a consumer, a tenant or a token answer supplies.

Each test aims Glue at a loopback listener standing in for an attacker's server or an internal
service, and checks that nothing reached it: not the application's client secret, not a token.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select, update

from glue_api.config import Settings
from glue_api.db import transaction
from glue_api.models import Connection
from glue_api.tokens.client import OAuthClient, TokenRequestFailed, request_token
from glue_api.tokens.endpoints import api_base_url
from tests.pages.support import PageText, open_session, post_form
from tests.security.listeners import Listener
from tests.support.store import dump_all_rows
from tests.vault.oauth_support import CLIENT_ID, CLIENT_SECRET

CLIENT = OAuthClient(CLIENT_ID, CLIENT_SECRET)


def offer_salesforce(mgmt) -> None:
    """Salesforce as production has it: no base URL override, so login and instance URLs decide."""
    assert mgmt.put("/customers", json={"customer_id": "consumer-1", "name": "Acme", "email": "it@acme.test"}
                    ).status_code == 200
    response = mgmt.post("/providers", json={
        "name": "salesforce", "category": "crm", "auth_type": "oauth2",
        "config": {"provider_app_id": "glue-test", "oauth": {
            "oauth_scopes": [], "credentials": {"oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}},
    })
    assert response.status_code == 201, response.text


def test_a_consumer_cannot_point_the_login_url_at_their_server(app, vault, http, mgmt, listener):
    offer_salesforce(mgmt)
    home, _ = open_session(vault, http, settings={"allow_actions": []})
    before = dump_all_rows(app.state.engine)
    for field in ("login_url", "instance_url"):
        refused = post_form(http, f"{home}/crm/salesforce/settings", {field: listener.url})
        assert refused.status_code == 400
        assert "production or sandbox" in refused.text
    assert dump_all_rows(app.state.engine) == before

    # What the consumer may choose: production or a sandbox org, both Salesforce's own login hosts.
    saved = post_form(http, f"{home}/crm/salesforce/settings", {"environment": "sandbox"})
    assert saved.status_code == 303
    consent = post_form(http, f"{home}/crm/salesforce/authorize")
    assert consent.status_code == 303
    assert urlsplit(consent.headers["location"]).hostname == "test.salesforce.com"
    assert listener.connections == 0


def test_a_stored_foreign_login_url_never_receives_the_client_secret(app, vault, http, mgmt, listener):
    """A login URL stored before this check (or by any other path) is refused where it is used."""
    offer_salesforce(mgmt)
    home, _ = open_session(vault, http)
    assert post_form(http, f"{home}/crm/salesforce/settings", {"environment": "production"}).status_code == 303
    with transaction(app.state.session_factory) as session:
        session.execute(update(Connection).values(settings={"login_url": listener.url}))
    authorize = post_form(http, f"{home}/crm/salesforce/authorize")
    assert authorize.status_code == 400 and "not allowed" in authorize.text

    with pytest.raises(TokenRequestFailed) as refused:
        request_token(app.state.settings, "salesforce", CLIENT, {"grant_type": "authorization_code", "code": "x"},
                      login_url=listener.url)
    assert "not allowed" in str(refused.value) and CLIENT_SECRET not in str(refused.value)
    assert listener.connections == 0


def test_the_vault_api_may_set_urls_on_salesforce_domains_only(app, vault, mgmt, listener):
    offer_salesforce(mgmt)
    for url in (listener.url, "http://169.254.169.254", "https://salesforce.com.attacker.test",
                "https://acme.my.salesforce.com/x?", "https://user@acme.my.salesforce.com"):
        response = vault.post("/vault/connections/crm/salesforce", json={"settings": {"instance_url": url}})
        assert response.status_code == 400, url
        assert response.json()["type_name"] and "not allowed" in response.json()["message"]
    fine = vault.post("/vault/connections/crm/salesforce",
                      json={"settings": {"instance_url": "https://acme.my.salesforce.com"}})
    assert fine.status_code == 200, fine.text
    assert listener.connections == 0


def test_the_token_answer_cannot_send_syncs_elsewhere(app, listener):
    """A token endpoint (here: the operator's Salesforce, a loopback stand-in) that names a foreign instance_url."""
    token_answer = (b'{"access_token": "a", "refresh_token": "r", "instance_url": "%s"}' % listener.url.encode())
    provider = Listener(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n"
                        b"connection: close\r\n\r\n%s" % (len(token_answer), token_answer))
    try:
        settings = Settings(home=app.state.settings.home, provider_base_urls={"salesforce": provider.url})
        with pytest.raises(TokenRequestFailed) as refused:
            request_token(settings, "salesforce", CLIENT, {"grant_type": "refresh_token", "refresh_token": "r"})
        assert "instance_url" in str(refused.value) and "not allowed" in str(refused.value)
        assert provider.connections == 1
    finally:
        provider.close()
    assert listener.connections == 0


def test_management_api_refuses_an_internal_instance_url(app, mgmt, listener):
    offer_salesforce(mgmt)
    for body in ({"instance_url": f"{listener.url}/x?"},
                 {"instance_url": "https://acme.my.salesforce.com", "login_url": listener.url}):
        response = mgmt.post("/customers/consumer-1/connections", json={
            "provider_name": "salesforce", "type": "oauth2", "refresh_token": "r", **body})
        assert response.status_code == 400, response.text
        assert "not allowed" in response.json()["errors"][0]["detail"]
    assert listener.connections == 0


def test_a_stored_internal_instance_url_is_refused_where_it_is_used(app, vault, mgmt, http, first_application,
                                                                     listener):
    offer_salesforce(mgmt)
    imported = vault.post("/vault/connections/crm/salesforce/import", json={
        "credentials": {"access_token": "a", "refresh_token": "r", "issued_at": "2099-01-01T00:00:00Z",
                        "expires_in": 3600},
        "settings": {"instance_url": "https://acme.my.salesforce.com"}})
    assert imported.status_code == 200, imported.text
    with transaction(app.state.session_factory) as session:
        session.execute(update(Connection).values(instance_url=f"{listener.url}/x?"))
        stored = session.execute(select(Connection.instance_url)).scalar_one()
    # The spec lists only 200 for this operation (its provider failures are 502s already): the raw client.
    answer = http.get("/mgmt/v2/customers/consumer-1/connections/salesforce/_rate_limit_info",
                      headers={"x-api-key": first_application.api_key})
    assert answer.status_code == 400
    assert "not allowed" in answer.json()["errors"][0]["detail"]
    # The sync engine asks the same question before it builds a source.
    with pytest.raises(Exception, match="not allowed"):
        api_base_url(app.state.settings, "salesforce", stored)
    assert listener.connections == 0


def test_the_hosted_settings_form_offers_orgs_not_url_fields(app, vault, http, mgmt):
    offer_salesforce(mgmt)
    home, _ = open_session(vault, http)
    shown = http.get(f"{home}/crm/salesforce")
    assert shown.status_code == 200
    inputs = {(attrs.get("name"), attrs.get("value")) for tag, attrs in PageText(shown.text).tags if tag == "input"}
    assert ("environment", "production") in inputs and ("environment", "sandbox") in inputs
    assert not {name for name, _ in inputs} & {"login_url", "instance_url"}
    assert post_form(http, f"{home}/crm/salesforce/settings", {"environment": "sandbox"}).status_code == 303
    stored = vault.get("/vault/connections/crm/salesforce").json()["data"]["settings"]
    assert stored["login_url"] == "https://test.salesforce.com"
    assert post_form(http, f"{home}/crm/salesforce/settings", {"environment": "production"}).status_code == 303
    assert "login_url" not in vault.get("/vault/connections/crm/salesforce").json()["data"]["settings"]
