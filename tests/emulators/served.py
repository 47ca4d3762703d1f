"""Fixtures a test module imports to drive its ``emulator`` fixture (module-scoped, defined by the module)
over HTTP: ``server`` serves it for the module, ``no_faults`` clears injected faults after each test."""

from __future__ import annotations

import httpx
import pytest

from glue_emulators.server import EmulatorServer


@pytest.fixture(scope="module")
def server(emulator):
    with EmulatorServer(emulator.app) as running:
        yield running


@pytest.fixture(autouse=True)
def no_faults(server):
    yield
    httpx.post(f"{server.url}/_emulator/faults", json={"rate_limit_every": 0, "unauthorized": False})
