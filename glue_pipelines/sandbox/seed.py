"""Seeds the demo application: a customer whose sandbox HubSpot account syncs into DuckDB every minute,
every sandbox provider offered, and a fresh magic link and vault session to try the hosted pages with.

Idempotent: run it on every start; it creates only what is missing.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import httpx

with warnings.catch_warnings():  # the in-process client is all seeding needs; its transport warning is noise
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from glue_api.applications.service import create_application
from glue_api.config import Settings
from glue_api.db import transaction
from glue_api.main import create_app
from glue_providers import registry
from glue_providers.spec import AuthType

DEMO_CLIENT_ID = "glue-sandbox"
DEMO_CLIENT_SECRET = "glue-sandbox-secret"  # of the local emulator only, not a real credential
DEMO_CUSTOMER = "demo-customer"
DEMO_REFRESH_TOKEN = "sandbox-demo-refresh-token"  # the emulator is told to accept it on every start
# What syncs every minute: HubSpot for the demo customer from the start, Salesforce once they connect it.
DEMO_SYNCS = {"hubspot": ("contacts", "companies", "deals"), "salesforce": ("Account", "Contact", "Opportunity")}
# ... and the same records as Supaglue's common objects (crm_accounts, crm_contacts, crm_opportunities).
DEMO_COMMON = ("account", "contact", "opportunity")
DEMO_SCOPES = {"hubspot": ("crm.objects.contacts.read", "crm.objects.companies.read", "crm.objects.deals.read")}


def demo_app_file(settings: Settings) -> Path:
    return settings.home / "demo-app.json"


def ensure_demo_application(settings: Settings, app) -> dict:
    path = demo_app_file(settings)
    if path.exists():
        return json.loads(path.read_text())
    with transaction(app.state.session_factory) as session:
        issued = create_application(session, "demo")
    demo = {"application_id": issued.application_id, "api_key": issued.api_key}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(demo, handle)
    return demo


def seed(settings: Settings) -> dict:
    urls = registry.sandbox_urls()
    app = create_app(settings)
    demo = ensure_demo_application(settings, app)
    with TestClient(app, headers={"x-api-key": demo["api_key"]}) as api:
        offered = {provider["name"] for provider in api.get("/mgmt/v2/providers").json()}
        for provider in _sandbox_providers():
            if provider["name"] not in offered:
                api.post("/mgmt/v2/providers", json=provider).raise_for_status()
        if not api.get("/mgmt/v2/destinations").json():
            api.post("/mgmt/v2/destinations", json={"type": "supaglue"}).raise_for_status()
        configured = {config["provider_name"] for config in api.get("/mgmt/v2/sync_configs").json()}
        for provider_name, objects in DEMO_SYNCS.items():
            if provider_name not in configured:
                api.post("/mgmt/v2/sync_configs", json={
                    "destination_name": "supaglue", "provider_name": provider_name,
                    "config": {"default_config": {"period_ms": 60000, "strategy": "full then incremental"},
                               "standard_objects": [{"object": o} for o in objects],
                               "common_objects": [{"object": o} for o in DEMO_COMMON]},
                }).raise_for_status()
        api.put("/mgmt/v2/customers", json={
            "customer_id": DEMO_CUSTOMER, "name": "Demo Customer", "email": "demo@example.com"}).raise_for_status()
        for name in _oauth_sandboxes():  # the emulators forget their OAuth clients when they stop
            httpx.post(f"{urls[name]}/_emulator/clients",
                       json={"client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET}).raise_for_status()
        httpx.post(f"{urls['hubspot']}/_emulator/tokens",
                   json={"client_id": DEMO_CLIENT_ID, "refresh_token": DEMO_REFRESH_TOKEN}).raise_for_status()
        if api.get(f"/mgmt/v2/customers/{DEMO_CUSTOMER}/connections/hubspot").status_code == 404:
            api.post(f"/mgmt/v2/customers/{DEMO_CUSTOMER}/connections", json={
                "provider_name": "hubspot", "type": "oauth2", "refresh_token": DEMO_REFRESH_TOKEN}).raise_for_status()
        demo["links"] = _demo_links(api, demo)
    app.state.engine.dispose()
    return demo


def _oauth_sandboxes() -> list[str]:
    return [spec.name for spec in registry.in_sandbox() if spec.uses_oauth]


def _sandbox_providers() -> list[dict]:
    """A provider config for every provider the sandbox serves (its emulator on a fixed port)."""
    configs = []
    for spec in registry.in_sandbox():
        config = {"name": spec.name, "category": spec.category.value, "auth_type": spec.auth_type.value}
        if spec.auth_type == AuthType.CLIENT_CREDENTIALS:  # OAuth to Supaglue; each customer brings its client
            config["auth_type"] = AuthType.OAUTH2.value
        if spec.uses_oauth:
            config["config"] = {"provider_app_id": "sandbox", "oauth": {
                "oauth_scopes": list(DEMO_SCOPES.get(spec.name, ())),
                "credentials": {"oauth_client_id": DEMO_CLIENT_ID, "oauth_client_secret": DEMO_CLIENT_SECRET}}}
        configs.append(config)
    return configs


def _demo_links(api, demo: dict) -> dict:
    """A fresh magic link (Salesforce) and hosted vault session for the demo customer, to open in a browser."""
    link = api.post("/mgmt/v2/magic_links", json={
        "customer_id": DEMO_CUSTOMER, "provider_name": "salesforce", "expiration_secs": 86400,
        "return_url": "http://localhost:3000/"})
    link.raise_for_status()
    session = api.post("/vault/sessions", headers={
        "authorization": f"Bearer {demo['api_key']}", "x-apideck-app-id": demo["application_id"],
        "x-apideck-consumer-id": DEMO_CUSTOMER}, json={
        "consumer_metadata": {"account_name": "Demo Customer", "email": "demo@example.com"},
        "settings": {"session_length": "1d"}, "theme": {"vault_name": "Demo integrations"}})
    session.raise_for_status()
    return {"magic_link": link.json()["url"], "vault_session": session.json()["data"]["session_uri"]}
