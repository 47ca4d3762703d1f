"""Fixtures for the sync engine: a store seeded through the API, emulators, warehouses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from glue_api.applications.service import create_application
from glue_api.config import Settings
from glue_api.db import transaction
from glue_api.main import close_store_connections, create_app
from glue_api.migrate import upgrade
from glue_emulators.server import EmulatorServer
from glue_pipelines.store import GlueStore
from glue_providers import registry
from tests.support.clients import SpecCheckedClient, mgmt_responses
from tests.support.store import BACKENDS
from tests.support.warehouse import create_warehouse_database, drop_warehouse_database

CLIENT_ID, CLIENT_SECRET = "glue-test-client", "glue-test-client-secret"


@dataclass
class Emulated:
    name: str
    server: EmulatorServer
    emulator: object

    @property
    def url(self) -> str:
        return self.server.url

    def control(self, method: str, path: str, **kwargs) -> dict:
        response = httpx.request(method, f"{self.url}/_emulator{path}", timeout=30, **kwargs)
        response.raise_for_status()
        return response.json()

    def refresh_token(self) -> str:
        self.control("POST", "/clients", json={"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET})
        return self.control("POST", "/tokens", json={"client_id": CLIENT_ID})["refresh_token"]

    def live_records(self, object_name: str) -> dict[str, int]:
        return self.control("GET", f"/records/{object_name}")["records"]


def start_emulator(name: str, counts: dict[str, int]) -> Emulated:
    module = __import__(f"glue_emulators.{name}", fromlist=["create_emulator"])
    emulator = module.create_emulator(counts)
    return Emulated(name, EmulatorServer(emulator.app).start(), emulator)


@pytest.fixture
def emulators():
    started: list[Emulated] = []

    def start(name: str, counts: dict[str, int]) -> Emulated:
        emulated = start_emulator(name, counts)
        started.append(emulated)
        return emulated

    yield start
    for emulated in started:
        emulated.server.stop()


@dataclass
class Glue:
    """The store, the Management API over it, and the engine's view of it."""

    settings: Settings
    store: GlueStore
    mgmt: SpecCheckedClient

    def point_at(self, emulated: Emulated) -> None:
        self.settings.provider_base_urls[emulated.name] = emulated.url


@contextmanager
def store_database(kind: str, directory: Path) -> Iterator[str]:
    """An empty store of ``kind``: the embedded SQLite file in ``directory``, or a fresh database on the test
    PostgreSQL server (dropped afterwards), so engine tests run on both stores Glue supports."""
    if kind == "sqlite":
        yield f"sqlite:///{directory / 'glue.db'}"
        return
    url = create_warehouse_database()
    try:
        yield url
    finally:
        drop_warehouse_database(url)


@contextmanager
def running_glue(directory: Path, keyring, database_url: str | None = None) -> Iterator[Glue]:
    """A migrated store (``database_url``, else SQLite in ``directory``), one application in it, and the
    Management API over it."""
    url = database_url or f"sqlite:///{directory / 'glue.db'}"
    upgrade(url)
    settings = Settings(home=directory / "home", database_url=url, public_url="http://glue.test")
    app = create_app(settings, keyring=keyring)
    with transaction(app.state.session_factory) as session:
        api_key = create_application(session, "acme").api_key
    store = GlueStore(settings, keyring)
    with TestClient(app) as client:
        yield Glue(settings, store, SpecCheckedClient(client, api_key, mgmt_responses()))
    store.dispose()
    close_store_connections(app)


@pytest.fixture
def glue(tmp_path, keyring) -> Iterator[Glue]:
    with running_glue(tmp_path, keyring) as running:
        yield running


@pytest.fixture(params=BACKENDS)
def glue_on_each_store(request, tmp_path, keyring) -> Iterator[Glue]:
    """`glue` once on the embedded SQLite store and once on PostgreSQL: for tests of the engine's store logic."""
    with store_database(request.param, tmp_path) as url, running_glue(tmp_path, keyring, url) as running:
        yield running


def oauth_provider_body(name: str) -> dict:
    return {
        "name": name, "category": registry.get(name).category.value, "auth_type": "oauth2",
        "config": {"provider_app_id": "glue-test", "oauth": {"oauth_scopes": [],
                   "credentials": {"oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}},
    }


def sync_config_body(provider: str, objects: list[str], destination: str = "warehouse", **strategy) -> dict:
    return {
        "destination_name": destination,
        "provider_name": provider,
        "config": {
            "default_config": {"period_ms": 60000, "strategy": "full then incremental"} | strategy,
            "standard_objects": [{"object": o} for o in objects],
        },
    }
