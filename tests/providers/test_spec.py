"""The declarations' own rules: where a connection's API lives, which hosts a tenant may supply,
and what every built-in provider declares."""

from __future__ import annotations

import pytest

from glue_providers import registry
from glue_providers.egress import EgressRefused, provider_origin
from glue_providers.spec import AuthType, ProviderSpec, resolve
from tests.support.spec import load_spec

BUILT_IN = {
    "hubspot", "salesforce", "pipedrive", "zendesk_sell", "ms_dynamics_365_sales", "zoho_crm", "capsule", "outreach",
    "salesloft", "apollo", "gong", "intercom", "linear", "slack", "clearbit", "6sense", "marketo",
    "salesforce_marketing_cloud_account_engagement",
}


def allows(spec: ProviderSpec, url: str) -> bool:
    """Whether the egress guard takes ``url`` as a tenant-supplied address of ``spec``'s provider."""
    try:
        provider_origin(url, spec.title, spec.tenant_hosts)
    except EgressRefused:
        return False
    return True


def test_every_provider_of_the_catalog_is_declared_once():
    assert set(registry.names()) == BUILT_IN and len(registry.names()) == len(BUILT_IN)
    assert {spec.name for spec in registry.syncable()} == {"hubspot", "salesforce", "pipedrive", "gong", "apollo",
                                                           "outreach", "intercom", "zendesk_sell", "capsule", "salesloft",
                                                           "zoho_crm", "ms_dynamics_365_sales", "linear", "slack",
                                                           "salesforce_marketing_cloud_account_engagement", "marketo"}
    assert {spec.name: spec.emulator.sandbox_port for spec in registry.in_sandbox()} == {
        "hubspot": 9101, "salesforce": 9102, "pipedrive": 9103, "apollo": 9104, "gong": 9105, "marketo": 9110}


@pytest.mark.parametrize("spec", registry.all_specs(), ids=lambda spec: spec.name)
def test_each_declaration_is_consistent(spec):
    assert spec.title and spec.website.startswith("https://")
    if spec.auth_type == AuthType.OAUTH2:
        # Salesforce's instance and login URLs; Dynamics' organisation URL and Account Engagement's business unit,
        # asked before their consent pages.
        assert not spec.form_fields or spec.name in ("salesforce", "ms_dynamics_365_sales",
                                                     "salesforce_marketing_cloud_account_engagement")
    else:
        assert any(field.sensitive and field.required for field in spec.form_fields)
        assert spec.oauth is None or spec.name == "gong"  # Gong also authorizes OAuth apps
    if spec.syncable:
        assert callable(resolve(spec.source)) and spec.vault_resources
    else:
        assert not spec.objects and not spec.custom_objects


@pytest.mark.parametrize("name,credentials,expected", [
    ("hubspot", {"instance_url": "https://ignored.example.com"}, "https://api.hubapi.com"),
    ("salesforce", {"instance_url": "https://acme.my.salesforce.com/"}, "https://acme.my.salesforce.com"),
    ("salesforce", {}, ""),
    ("pipedrive", {"api_domain": "https://acme.pipedrive.com"}, "https://acme.pipedrive.com"),
    ("pipedrive", {"api_domain": ""}, "https://api.pipedrive.com"),
    ("gong", {}, "https://api.gong.io"),
    ("intercom", {}, "https://api.intercom.io"),
    ("intercom", {"instance_url": "https://api.eu.intercom.io"}, "https://api.eu.intercom.io"),  # regional host
])
def test_one_rule_finds_a_connections_api(name, credentials, expected):
    assert registry.get(name).api_base(credentials) == expected


@pytest.mark.parametrize("url,allowed", [
    ("https://acme.my.salesforce.com", True),
    ("https://login.salesforce.com", True),
    ("https://login.salesforce.com/services/oauth2/token", False),  # an origin only: Glue appends its paths
    ("http://acme.my.salesforce.com", False),
    ("https://test.salesforce.com", True),
    ("https://acme--dev.sandbox.my.salesforce.com", True),
    ("https://acme.my.site.com.evil.example", False),
    ("https://acme.force.com", True),
    ("https://evilsalesforce.com", False),
    ("https://salesforce.com.evil.example", False),
    ("https://169.254.169.254/latest", False),
    ("not a url", False),
])
def test_salesforce_urls_only_on_salesforces_domains(url, allowed):
    assert allows(registry.get("salesforce"), url) is allowed


def test_providers_with_a_fixed_base_accept_no_tenant_host():
    assert registry.tenant_hosts("hubspot") == ()
    assert not allows(registry.get("hubspot"), "https://api.hubapi.com")
    assert registry.tenant_hosts("pipedrive") == (".pipedrive.com",)


def test_an_unknown_name_is_refused_by_name():
    with pytest.raises(registry.UnknownProvider, match="myspace"):
        registry.get("myspace")


@pytest.mark.parametrize("url,allowed", [
    ("https://api.eu.intercom.io", True), ("https://api.au.intercom.io", True), ("https://api.intercom.io", True),
    ("https://intercom.io.evil.example", False), ("https://evilintercom.io", False), ("http://api.eu.intercom.io", False),
])
def test_intercom_regional_hosts_only(url, allowed):
    assert allows(registry.get("intercom"), url) is allowed


@pytest.mark.parametrize("url,allowed", [
    ("https://us-4519.api.gong.io", True), ("https://api.gong.io.evil.example", False),
    ("https://evil.example", False), ("http://us-4519.api.gong.io", False),
])
def test_gong_accounts_api_hosts_only(url, allowed):
    assert allows(registry.get("gong"), url) is allowed


def test_gong_connects_by_key_pair_or_oauth_and_a_token_connection_calls_its_accounts_host():
    gong = registry.get("gong")
    assert gong.auth_types == (AuthType.ACCESS_KEY_SECRET, AuthType.OAUTH2)
    assert gong.connected_by("oauth2").uses_oauth and gong.connected_by("oauth2").form_fields == ()
    assert gong.connected_by("access_key_secret") is gong and gong.connected_by("api_key") is gong
    assert gong.api_base({"api_base_url_for_customer": "https://us-4519.api.gong.io/"}) == "https://us-4519.api.gong.io"
    assert gong.api_base({"access_key": "k"}) == "https://api.gong.io"
    assert registry.get("hubspot").auth_types == (AuthType.OAUTH2,)


@pytest.mark.parametrize("spec", registry.all_specs(), ids=lambda spec: spec.name)
def test_each_provider_belongs_to_one_of_the_vaults_unified_apis(spec):
    """The Vault answers with Apideck's UnifiedApiId values (connections, resource examples, session filters)."""
    vault_apis = load_spec("apideck-vault.yml")["components"]["schemas"]["UnifiedApiId"]["enum"]
    assert spec.unified_api in vault_apis
