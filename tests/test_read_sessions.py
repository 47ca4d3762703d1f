"""The hot read endpoints' sessions (@one_hop): on PostgreSQL each statement is its own transaction, and
a read session refuses to write."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from glue_api.models import Customer


def test_a_read_session_refuses_to_write_and_nothing_is_stored(app, first_application):
    session = app.state.read_session_factory()
    try:
        session.add(Customer(application_id=first_application.application_id, external_id="c1", name="", email=""))
        with pytest.raises(RuntimeError, match="does not write"):
            session.flush()
    finally:
        session.rollback()
        session.close()
    with app.state.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 0


def test_reads_on_postgresql_send_no_begin_or_commit(app):
    if app.state.engine.dialect.name == "postgresql":
        session = app.state.read_session_factory()
        try:
            assert session.connection().connection.dbapi_connection.autocommit is True
        finally:
            session.close()
        assert app.state.read_engine is not app.state.engine
    else:  # SQLite reads in the one engine's transactions
        assert app.state.read_engine is app.state.engine

