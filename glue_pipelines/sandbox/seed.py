"""Seeds the demo application: a customer whose sandbox HubSpot account syncs into DuckDB every minute.

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
from glue_pipelines.sandbox.emulators import sandbox_urls

DEMO_CLIENT_ID = "glue-sandbox"
DEMO_CLIENT_SECRET = "glue-sandbox-secret"  # of the local emulator only, not a real credential
DEMO_CUSTOMER = "demo-customer"
DEMO_REFRESH_TOKEN = "sandbox-demo-refresh-token"  # the emulator is told to accept it on every start


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
    hubspot = sandbox_urls()["hubspot"]
    app = create_app(settings)
    demo = ensure_demo_application(settings, app)
    with TestClient(app, headers={"x-api-key": demo["api_key"]}) as api:
        if not api.get("/mgmt/v2/providers").json():
            api.post("/mgmt/v2/providers", json={
                "name": "hubspot", "category": "crm", "auth_type": "oauth2",
                "config": {"provider_app_id": "sandbox", "oauth": {
                    "oauth_scopes": ["crm.objects.contacts.read", "crm.objects.companies.read", "crm.objects.deals.read"],
                    "credentials": {"oauth_client_id": DEMO_CLIENT_ID, "oauth_client_secret": DEMO_CLIENT_SECRET}}},
            }).raise_for_status()
        if not api.get("/mgmt/v2/destinations").json():
            api.post("/mgmt/v2/destinations", json={"type": "supaglue"}).raise_for_status()
        if not api.get("/mgmt/v2/sync_configs").json():
            api.post("/mgmt/v2/sync_configs", json={
                "destination_name": "supaglue", "provider_name": "hubspot",
                "config": {"default_config": {"period_ms": 60000, "strategy": "full then incremental"},
                           "standard_objects": [{"object": o} for o in ("contacts", "companies", "deals")]},
            }).raise_for_status()
        api.put("/mgmt/v2/customers", json={
            "customer_id": DEMO_CUSTOMER, "name": "Demo Customer", "email": "demo@example.com"}).raise_for_status()
        httpx.post(f"{hubspot}/_emulator/clients",
                   json={"client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET}).raise_for_status()
        httpx.post(f"{hubspot}/_emulator/tokens",
                   json={"client_id": DEMO_CLIENT_ID, "refresh_token": DEMO_REFRESH_TOKEN}).raise_for_status()
        if api.get(f"/mgmt/v2/customers/{DEMO_CUSTOMER}/connections/hubspot").status_code == 404:
            api.post(f"/mgmt/v2/customers/{DEMO_CUSTOMER}/connections", json={
                "provider_name": "hubspot", "type": "oauth2", "refresh_token": DEMO_REFRESH_TOKEN}).raise_for_status()
    app.state.engine.dispose()
    return demo
