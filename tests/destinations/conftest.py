"""Fixtures for the warehouse destinations: the engine's fixtures, and name lookups kept on this machine."""

from __future__ import annotations

import socket

import pytest
from dlt.common.schema import Schema

from glue_pipelines.sync.runner import sync_connection
from tests.destinations.support import (
    COUNTS,
    connect_to,
    snowflake_body,
    stopped_before_loading,
)
from tests.pipelines.conftest import emulators, glue  # noqa: F401  (fixtures shared with the engine tests)

LOCAL_NAMES = {"localhost", "127.0.0.1", "::1"}


@pytest.fixture
def lookups_to(monkeypatch):
    """`lookups_to(port)`: every host name but the local ones resolves to 127.0.0.1:port.

    Warehouse clients then reach a port on this machine whatever host they are given,
    so no test sends anything past it (not even a DNS query).
    """
    real = socket.getaddrinfo

    def route(to_port: int) -> None:
        def getaddrinfo(host, port, *args, **kwargs):  # the parameters' names: some clients pass them by keyword
            if host in LOCAL_NAMES:
                return real(host, port, *args, **kwargs)
            return real("127.0.0.1", to_port, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)

    return route


@pytest.fixture
def closed_port() -> int:
    """A loopback port nobody listens on: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_port():
    """A loopback port that accepts connections and never answers: only timeouts end a client's wait."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    yield listener.getsockname()[1]
    listener.close()


@pytest.fixture
def contract_schema(glue, emulators, monkeypatch) -> Schema:
    """The dlt schema a real (stopped) sync run gives the contract tables, to make warehouse DDL from."""
    connection_id = connect_to(glue, emulators("hubspot", COUNTS), snowflake_body())
    with stopped_before_loading(monkeypatch) as run:
        sync_connection(glue.store, connection_id)
    return run.pipeline.default_schema
