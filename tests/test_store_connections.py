"""PostgreSQL connections: a pooled one that sat idle is checked before use and replaced if the server dropped it,
one in steady use is handed out without a round trip, and every one reads timestamps in UTC."""

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


@pytest.mark.parametrize("make", [db.make_engine, lambda url: db.make_read_engine(url, None)])
def test_timestamps_come_back_in_utc_whatever_the_servers_time_zone(make):
    separator = "&" if "?" in postgres_url() else "?"
    engine = make(postgres_url() + separator + "options=-c%20timezone%3DAsia/Tokyo")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SHOW TIME ZONE")).scalar_one() == "UTC"
            moment = connection.execute(text("SELECT TIMESTAMPTZ '2026-12-03 09:00:00+09'")).scalar_one()
        assert moment.isoformat() == "2026-12-03T00:00:00+00:00"
    finally:
        engine.dispose()
