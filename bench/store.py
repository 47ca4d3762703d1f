"""A Glue store for a benchmark, seeded the way an application would: a HubSpot OAuth app,
a PostgreSQL warehouse, a sync config, then customers and their connections."""

from __future__ import annotations

import json
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from bench.emulator import CLIENT_ID, CLIENT_SECRET


@dataclass(frozen=True)
class GlueConfig:
    """What every process of a benchmark needs to open the same store (passed as GLUE_* variables)."""

    database_url: str
    secret_key: str
    home: str
    provider_base_urls: dict[str, str]

    def env(self) -> dict[str, str]:
        return {
            "GLUE_DATABASE_URL": self.database_url,
            "GLUE_SECRET_KEY": self.secret_key,
            "GLUE_HOME": self.home,
            "GLUE_PROVIDER_BASE_URLS": json.dumps(self.provider_base_urls),
            "GLUE_EGRESS_ALLOW": "127.0.0.0/8,::1,localhost",  # emulators and PostgreSQL listen on loopback
        }

    def settings(self):
        from glue_api.config import Settings

        return Settings(home=Path(self.home), database_url=self.database_url, secret_key=self.secret_key,
                        provider_base_urls=self.provider_base_urls)


def new_store(database_url: str, home: str, provider_base_urls: dict[str, str]) -> GlueConfig:
    """A migrated store with a fresh key ring."""
    from glue_api.crypto import encode_key, generate_key, key_id_for
    from glue_api.migrate import upgrade

    key = generate_key()
    os.makedirs(home, exist_ok=True)
    upgrade(database_url)
    return GlueConfig(database_url, f"{key_id_for(key)}:{encode_key(key)}", home, provider_base_urls)


def postgres_destination(warehouse_url: str, schema: str) -> dict:
    target = make_url(warehouse_url)
    return {"name": "warehouse", "type": "postgres",
            "config": {"host": target.host, "port": target.port, "database": target.database, "schema": schema,
                       "user": target.username, "password": target.password}}


def seed_hubspot(config: GlueConfig, destination: dict, objects: list[str], refresh_tokens: list[str], *,
                 period_ms: int = 3_600_000, common_objects: tuple[str, ...] = (), **strategy) -> list[str]:
    """One application syncing ``objects`` (and ``common_objects``) from HubSpot; customer c{i} connected with
    refresh_tokens[i].
    The app-level setup goes through the Management API, the (many) connections through its services."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's note about httpx in its test client
        from fastapi.testclient import TestClient

    from glue_api.applications.service import create_application
    from glue_api.connections.schemas import OAuthConnectionCreate
    from glue_api.connections.service import create_connection
    from glue_api.customers.service import upsert_customer
    from glue_api.db import transaction
    from glue_api.main import close_store_connections, create_app

    settings = config.settings()
    app = create_app(settings)
    with transaction(app.state.session_factory) as session:
        issued = create_application(session, "bench")
    headers = {"x-api-key": issued.api_key}
    provider = {"name": "hubspot", "category": "crm", "auth_type": "oauth2",
                "config": {"provider_app_id": "glue-bench", "oauth": {"oauth_scopes": [], "credentials": {
                    "oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}}}
    default_config = {"period_ms": period_ms, "strategy": "full then incremental"} | strategy
    sync_config = {"destination_name": destination["name"], "provider_name": "hubspot",
                   "config": {"default_config": default_config, "standard_objects": [{"object": o} for o in objects],
                              "common_objects": [{"object": o} for o in common_objects]}}
    with TestClient(app) as client:
        for path, body in (("/providers", provider), ("/destinations", destination), ("/sync_configs", sync_config)):
            response = client.post(f"/mgmt/v2{path}", json=body, headers=headers)
            if response.status_code != 201:
                raise RuntimeError(f"POST {path} answered {response.status_code}: {response.text}")
    ids = []
    with transaction(app.state.session_factory) as session:
        for i, token in enumerate(refresh_tokens):
            upsert_customer(session, issued.application_id, f"c{i}", f"Customer {i}", f"it@c{i}.test")
            body = OAuthConnectionCreate(provider_name="hubspot", type="oauth2", refresh_token=token)
            ids.append(create_connection(session, app.state.keyring, issued.application_id, f"c{i}", body)[1].id)
    close_store_connections(app)
    return ids
