"""Every provider of the registry, connected the way the Management API allows, answers both provider-info
operations with 200 or a 4xx the spec documents, never 5xx; providers with an emulator are called through it,
the others are never called at all (no request leaves the machine)."""

from __future__ import annotations

import importlib

from urllib.parse import urlsplit

import httpx
import pytest

from glue_emulators.server import EmulatorServer
from glue_providers import registry
from glue_providers.spec import AuthType, ProviderSpec
from tests.support.spec import load_spec

CLIENT_ID, CLIENT_SECRET = "glue-info-client", "glue-info-client-secret"
USER_ID_PROVIDERS = ("hubspot", "ms_dynamics_365_sales", "intercom")  # the operation's provider_name enum
# What the walk expects of each provider with figures: the windows its rate-limit answer reports.
WINDOWS = {
    "hubspot": {"other": {"ten_secondly"}},
    "salesforce": {"daily": None},
    "pipedrive": {"other": {"two_secondly"}},
    "apollo": {"daily": None, "hourly": None, "other": {"minute"}},
    "outreach": {"hourly": None},
    "intercom": {"other": {"minute"}},
    "zendesk_sell": {"hourly": None},
    "capsule": {"hourly": None},
    "salesloft": {"other": {"minute"}},
    "zoho_crm": {"daily": None},
    "ms_dynamics_365_sales": {"other": {"five_minutely"}},
    "linear": {"hourly": None, "other": {"complexity_hourly"}},
}


@pytest.fixture
def outbound(monkeypatch) -> list[str]:
    """Hosts Glue sent requests to; a request to anything but the loopback fails instead of leaving."""
    hosts: list[str] = []
    real = httpx.HTTPTransport.handle_request

    def guarded(transport, request: httpx.Request):
        host = urlsplit(str(request.url)).hostname or ""
        hosts.append(host)
        if host not in ("127.0.0.1", "localhost"):
            raise httpx.ConnectError(f"tests never reach {host}", request=request)
        return real(transport, request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", guarded)
    return hosts


@pytest.fixture
def connected(app, mgmt, outbound):
    """Connects customer c1 to one provider through the API (through its emulator where it has one)."""
    servers: list[EmulatorServer] = []
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})

    def connect(spec: ProviderSpec):
        emulator = spec.emulator.create() if spec.emulator else None
        if emulator is not None:
            server = EmulatorServer(emulator.app).start()
            servers.append(server)
            app.state.settings.provider_base_urls[spec.name] = server.url
        made = mgmt.post("/providers", json=provider_body(spec))
        assert made.status_code == 201, made.text
        created = mgmt.post("/customers/c1/connections", json=connection_body(spec, emulator, servers))
        assert created.status_code == 200, created.text
        return emulator, (servers[-1] if emulator is not None else None)

    yield connect
    for server in servers:
        server.stop()


def provider_body(spec: ProviderSpec) -> dict:
    body = {"name": spec.name, "category": spec.category.value, "auth_type": spec.auth_type.value}
    if spec.auth_type == AuthType.CLIENT_CREDENTIALS:  # OAuth to Supaglue; the client is each customer's own
        body["auth_type"] = "oauth2"
    if spec.uses_oauth:
        body["config"] = {"provider_app_id": "glue-test", "oauth": {"oauth_scopes": [], "credentials": {
            "oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}}
    return body


def connection_body(spec: ProviderSpec, emulator, servers: list[EmulatorServer]) -> dict:
    body = {"provider_name": spec.name, "type": spec.auth_type.value}
    if spec.oauth is not None and not spec.oauth.refresh_tokens:  # Intercom: a token that never expires
        if emulator is not None:
            emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
        body["access_token"] = emulator.oauth.mint(CLIENT_ID, [])["access_token"] if emulator else "a-token-glue-never-uses"
    elif spec.auth_type == AuthType.OAUTH2:
        refresh_token = "a-refresh-token-glue-never-uses"
        if emulator is not None:
            emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
            refresh_token = emulator.oauth.mint(CLIENT_ID, [])["refresh_token"]
        body["refresh_token"] = refresh_token
        if "instance_url" in spec.api_base_from:
            body["instance_url"] = servers[-1].url if emulator is not None else "https://acme.my.salesforce.com"
    elif spec.auth_type == AuthType.API_KEY:
        body["api_key"] = sandbox_credentials(spec) if spec.emulator else "a-key-glue-never-sends"
    elif spec.auth_type == AuthType.CLIENT_CREDENTIALS:  # Marketo: the emulator's sandbox client, its instance
        client_id, client_secret = sandbox_client(spec)
        body |= {"type": "oauth2", "client_id": client_id, "client_secret": client_secret, "munchkin_id": "123-ABC-456"}
    else:
        key, secret = sandbox_credentials(spec) if spec.emulator else ("a-key", "a-secret")
        body |= {"access_key": key, "access_key_secret": secret}
    return body


def sandbox_client(spec: ProviderSpec) -> tuple[str, str]:
    return importlib.import_module(spec.emulator.factory.partition(":")[0]).SANDBOX_CLIENT


def sandbox_credentials(spec: ProviderSpec):
    """The key (Apollo) or key pair (Gong) a key provider's emulator accepts (its data is records, not keys)."""
    module = importlib.import_module(spec.emulator.factory.partition(":")[0])
    return module.SANDBOX_KEY if spec.auth_type == AuthType.API_KEY else module.SANDBOX_CREDENTIALS


def test_the_walk_covers_every_provider_the_spec_names():
    spec_names = load_spec("supaglue-mgmt-v2.yaml")["components"]["schemas"]["provider_name"]["enum"]
    assert sorted(registry.names()) == sorted(spec_names) and len(spec_names) == 18
    assert set(WINDOWS) == {spec.name for spec in registry.all_specs() if spec.rate_limits is not None}


@pytest.mark.parametrize("spec", registry.all_specs(), ids=lambda spec: spec.name)
def test_provider_info_answers_200_or_a_documented_4xx(spec, connected, mgmt, outbound):
    connected(spec)

    # Every answer below is checked against the spec by the client: a 5xx or an undocumented status fails.
    limits = mgmt.get(f"/customers/c1/connections/{spec.name}/_rate_limit_info")
    assert limits.status_code == 200, limits.text
    expected = WINDOWS.get(spec.name)
    if expected is None:
        assert limits.json() == {}
    else:
        body = limits.json()
        assert set(body) == set(expected)
        for window, named in expected.items():
            figures = body[window].values() if named else [body[window]]
            assert named is None or set(body[window]) == named
            assert all(f["limit"] > 0 and 0 <= f["remaining"] < f["limit"] for f in figures)

    user = mgmt.get("/customers/c1/connections/_provider_user_id", params={"provider_name": spec.name})
    if spec.name in ("hubspot", "intercom", "ms_dynamics_365_sales"):
        assert user.status_code == 200 and user.json()["user_id"]
    elif spec.name in USER_ID_PROVIDERS:
        assert user.status_code == 501 and user.json()["errors"][0]["code"] == "NOT_IMPLEMENTED"
    else:
        assert user.status_code == 400  # not a provider the operation's provider_name names

    assert all(host == "127.0.0.1" for host in outbound)
    # Calls: the rate-limit read, and the key check before a key is stored.
    assert bool(outbound) == (spec.emulator is not None and (spec.name in WINDOWS or spec.credential_check is not None))


def test_a_customer_without_the_connection_is_not_found(mgmt):
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})

    assert mgmt.get("/customers/c1/connections/_provider_user_id",
                    params={"provider_name": "intercom"}).status_code == 404
    # The spec lists only 200 for this operation: read the 404 without the spec check.
    missing = mgmt.client.get("/mgmt/v2/customers/c1/connections/zoho_crm/_rate_limit_info",
                              headers={"x-api-key": mgmt.api_key})
    assert missing.status_code == 404 and missing.json()["errors"][0]["code"] == "NOT_FOUND"
    unknown = mgmt.client.get("/mgmt/v2/customers/c1/connections/myspace/_rate_limit_info",
                              headers={"x-api-key": mgmt.api_key})
    assert unknown.status_code == 400


@pytest.mark.parametrize("unified_api,name", [("crm", "hubspot"), ("crm", "apollo")])
def test_a_connection_holding_no_credentials_yet_is_unprocessable(mgmt, vault, outbound, unified_api, name):
    assert mgmt.post("/providers", json=provider_body(registry.get(name))).status_code == 201
    added = vault.post(f"/vault/connections/{unified_api}/{name}", json={})
    assert added.json()["data"]["state"] == "added"

    # The spec lists only 200 for this operation: read the 422 without the spec check.
    limits = mgmt.client.get(f"/mgmt/v2/customers/consumer-1/connections/{name}/_rate_limit_info",
                             headers={"x-api-key": mgmt.api_key})

    assert limits.status_code == 422, limits.text
    assert limits.json()["errors"][0]["meta"]["origin"] == "supaglue"
    if name == "hubspot":
        user = mgmt.get("/customers/consumer-1/connections/_provider_user_id", params={"provider_name": name})
        assert user.status_code == 422
    assert outbound == []
