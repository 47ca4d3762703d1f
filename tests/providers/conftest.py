"""The provider contract suite's shared fixture: per registered provider, one emulator, one Glue and
one warehouse for the whole module (the tests walk one connection's life in order), and a first
full sync already run."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.pipelines.conftest import running_glue
from glue_providers import registry
from tests.providers.contract import Contract, connect_contract
from tests.support.warehouse import create_warehouse_database, drop_warehouse_database


@contextmanager
def synced_contract(provider_name: str, tmp_path_factory, keyring, config: dict | None = None) -> Iterator[Contract]:
    """A customer connected to the provider's emulator in a Glue of its own, its first sync run;
    ``config``: what replaces the sync config's defaults (every standard object)."""
    spec = registry.get(provider_name)
    warehouse_url = create_warehouse_database()
    try:
        with running_glue(tmp_path_factory.mktemp(spec.name), keyring) as glue:
            connected = connect_contract(spec, glue, warehouse_url, config)
            try:
                connected.first_sync = connected.sync()
                yield connected
            finally:
                connected.emulated.server.stop()
    finally:
        drop_warehouse_database(warehouse_url)


@pytest.fixture(scope="module")
def contract(request, tmp_path_factory, keyring) -> Iterator[Contract]:
    """Parametrized by the tests (indirect), by provider name: every provider, or the OAuth ones."""
    with synced_contract(request.param, tmp_path_factory, keyring) as connected:
        yield connected
