"""Pooled PostgreSQL connections: one that sat idle is checked before use and replaced if the server dropped it;
one in steady use is handed out without a round trip."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from glue_api import db
from tests.support.store import postgres_url


@pytest.fixture
def engine():
    engine = db.make_engine(postgres_url())
    yield engine
    engine.dispose()


def _backend_pid(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _drop_on_the_server(pid: int) -> None:
    other = db.make_engine(postgres_url())
    try:
        with other.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
    finally:
        other.dispose()


def test_an_idle_connection_the_server_dropped_is_replaced_before_use(engine, monkeypatch):
    first = _backend_pid(engine)
    _drop_on_the_server(first)
    monkeypatch.setattr(db, "PING_WHEN_IDLE_FOR", 0.0)  # it has sat idle long enough to be checked

    assert _backend_pid(engine) != first


def test_a_connection_in_steady_use_is_not_pinged(engine):
    first = _backend_pid(engine)
    _drop_on_the_server(first)

    with pytest.raises(Exception, match="terminat|closed|connection"):  # no ping: the statement meets the dropped link
        _backend_pid(engine)
    assert _backend_pid(engine) != first  # and the pool has replaced it for the next request
