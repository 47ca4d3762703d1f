"""Zoho CRM's data centres through the Management API: a connection created with a refresh token names its
accounts server (only Zoho's own), tokens are refreshed and revoked there, the API base is the token answer's
api_domain, and the credit window shows in _rate_limit_info."""

from __future__ import annotations

import httpx
import pytest

from glue_api.db import transaction
from glue_api.models import Connection
from glue_api.tokens.client import OAuthClient, revoke_token
from glue_api.tokens.endpoints import api_base_url, tenant_url, token_url
from glue_pipelines.sync.runner import sync_connection
from glue_providers.egress import EgressRefused
from tests.pipelines.conftest import CLIENT_ID, CLIENT_SECRET, oauth_provider_body
from tests.pipelines.scenario import connect


def test_the_accounts_server_and_api_domain_must_be_zohos_own(glue):
    settings = glue.settings
    assert token_url(settings, "zoho_crm") == "https://accounts.zoho.com/oauth/v2/token"
    assert token_url(settings, "zoho_crm", "https://accounts.zoho.eu") == "https://accounts.zoho.eu/oauth/v2/token"
    assert token_url(settings, "zoho_crm", "https://accounts.zohocloud.ca") == \
        "https://accounts.zohocloud.ca/oauth/v2/token"
    assert api_base_url(settings, "zoho_crm", credentials={"api_domain": "https://www.zohoapis.com.au"}) == \
        "https://www.zohoapis.com.au"
    for foreign in ("https://accounts.zoho.eu.example.com", "https://evil.example", "http://accounts.zoho.eu"):
        with pytest.raises(EgressRefused):
            tenant_url(settings, "zoho_crm", foreign)

    glue.mgmt.post("/providers", json=oauth_provider_body("zoho_crm"))
    glue.mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
    refused = glue.mgmt.post("/customers/c1/connections", json={
        "provider_name": "zoho_crm", "type": "oauth2", "refresh_token": "1000.rt", "login_url": "https://evil.example"})
    assert refused.status_code == 400 and "1000.rt" not in refused.text
    assert glue.mgmt.get("/customers/c1/connections").json() == []  # nothing half-written
    made = glue.mgmt.post("/customers/c1/connections", json={
        "provider_name": "zoho_crm", "type": "oauth2", "refresh_token": "1000.rt", "login_url": "https://accounts.zoho.eu"})
    assert made.status_code == 200, made.text
    with transaction(glue.store.session_factory) as session:
        assert session.get(Connection, made.json()["id"]).settings == {"login_url": "https://accounts.zoho.eu"}


def test_a_refresh_token_connection_syncs_reports_its_credits_and_is_revoked_at_its_accounts_server(
    glue, emulators, warehouse_url,
):
    zoho = emulators("zoho_crm", {"Leads": 12, "Contacts": 3, "Accounts": 2, "Deals": 4, "users": 2})
    scenario = connect(glue, zoho, warehouse_url, objects=["Leads", "users"])

    info = glue.mgmt.get("/customers/c1/connections/zoho_crm/_rate_limit_info").json()
    window = zoho.emulator.credits
    assert info["daily"]["limit"] == window.limit and 0 < info["daily"]["remaining"] < window.limit
    again = glue.mgmt.get("/customers/c1/connections/zoho_crm/_rate_limit_info").json()
    assert again["daily"]["remaining"] == info["daily"]["remaining"] - 1  # each call spends a credit

    outcomes = {o.object: o.records for o in sync_connection(glue.store, scenario.connection_id)}
    assert outcomes == {"Leads": 12, "users": 2}

    refresh_token = next(iter(zoho.emulator.oauth.refresh_grants()))
    client = OAuthClient(CLIENT_ID, CLIENT_SECRET)
    assert revoke_token(glue.settings, "zoho_crm", client, refresh_token, token_type_hint="refresh_token")
    refused = httpx.post(f"{zoho.url}/oauth/v2/token", data={
        "grant_type": "refresh_token", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
        "refresh_token": refresh_token})
    assert refused.json() == {"error": "invalid_code"}
