from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient

from glue_api.applications.service import create_application
from glue_api.config import Settings
from glue_api.crypto import KeyRing, generate_key, key_id_for
from glue_api.db import transaction
from glue_api.main import close_store_connections, create_app
from tests.pipelines.crash_trials import SEED_VARIABLE, trial_seed
from tests.support.clients import SpecCheckedClient, mgmt_responses, vault_client
from tests.support.store import BACKENDS, empty_all_tables, migrated_store
from tests.support.warehouse import create_warehouse_database, drop_warehouse_database
from tests.support.workers import drop_worker_database, worker_database_url, workers_for

# The emulators, the test PostgreSQL and webhook receivers listen on loopback: the operator's setting allows it.
# Tests of the egress guard itself build their policies explicitly or clear this.
os.environ.setdefault("GLUE_EGRESS_ALLOW", "127.0.0.0/8,::1,localhost")

SERVER_URL_VARIABLE = "GLUE_TEST_POSTGRES_URL"


def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto` (scripts/test's default): workers for a run of several test files, one process for one file."""
    return workers_for(config.args)


def pytest_configure(config) -> None:
    worker = getattr(config, "workerinput", None)
    if worker is None:
        # One crash-trial seed for the whole run, chosen before workers start so they inherit it: a worker's
        # own print would not reach the terminal, so the summary prints it (pytest_terminal_summary).
        os.environ[SEED_VARIABLE] = str(trial_seed())
    elif os.environ.get(SERVER_URL_VARIABLE):
        config.glue_server_url = os.environ[SERVER_URL_VARIABLE]
        os.environ[SERVER_URL_VARIABLE] = worker_database_url(config.glue_server_url, worker["workerid"])


def pytest_unconfigure(config) -> None:
    server_url = getattr(config, "glue_server_url", None)
    if server_url:
        drop_worker_database(server_url, os.environ[SERVER_URL_VARIABLE])
        os.environ[SERVER_URL_VARIABLE] = server_url


def pytest_terminal_summary(terminalreporter, config) -> None:
    reports = [report for kept in terminalreporter.stats.values() for report in kept]
    if any("test_crash_recovery" in (getattr(report, "nodeid", None) or "") for report in reports):
        seed = os.environ[SEED_VARIABLE]
        terminalreporter.write_line(f"crash trials seed: {seed} (replay: {SEED_VARIABLE}={seed} scripts/test -k crash)")


@pytest.fixture(scope="session", params=BACKENDS)
def store_url(request, tmp_path_factory) -> str:
    """A migrated store, once per backend per test session."""
    return migrated_store(request.param, tmp_path_factory.mktemp(request.param))


@pytest.fixture(scope="session")
def keyring() -> KeyRing:
    key = generate_key()
    return KeyRing([(key_id_for(key), key)])


@pytest.fixture
def app(store_url, keyring, tmp_path):
    settings = Settings(home=tmp_path / "home", database_url=store_url, public_url="http://glue.test")
    application = create_app(settings, keyring=keyring)
    yield application
    empty_all_tables(application.state.engine)
    close_store_connections(application)


@pytest.fixture
def http(app) -> TestClient:
    with TestClient(app) as client:
        yield client


def _new_application(app, name: str):
    with transaction(app.state.session_factory) as session:
        return create_application(session, name)


@pytest.fixture
def first_application(app):
    return _new_application(app, "acme")


@pytest.fixture
def second_application(app):
    return _new_application(app, "globex")


@pytest.fixture
def mgmt(http, first_application) -> SpecCheckedClient:
    """The Management API as the first application."""
    return SpecCheckedClient(http, first_application.api_key, mgmt_responses(),
                             application_id=first_application.application_id)


@pytest.fixture
def other_mgmt(http, second_application) -> SpecCheckedClient:
    """The Management API as a second, unrelated application."""
    return SpecCheckedClient(http, second_application.api_key, mgmt_responses(),
                             application_id=second_application.application_id)


@pytest.fixture
def vault(http, first_application) -> SpecCheckedClient:
    """The Vault API as the first application, acting for consumer "consumer-1"."""
    return vault_client(http, first_application.api_key, first_application.application_id, "consumer-1")


@pytest.fixture
def other_vault(http, second_application) -> SpecCheckedClient:
    """The Vault API as a second application, with the same consumer id."""
    return vault_client(http, second_application.api_key, second_application.application_id, "consumer-1")


@pytest.fixture
def anonymous_mgmt(http) -> SpecCheckedClient:
    return SpecCheckedClient(http, None, mgmt_responses())


@pytest.fixture
def warehouse_url():
    """A fresh database on the test PostgreSQL server, dropped afterwards."""
    url = create_warehouse_database()
    yield url
    drop_warehouse_database(url)
