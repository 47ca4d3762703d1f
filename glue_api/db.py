"""Engine and session factories. Nothing connects until a factory is called."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # As many connections kept open as a busy process uses: under load, connections beyond pool_size were
    # closed on return and reopened by the next request, ~10-70 ms each on a busy machine.
    engine = create_engine(url, pool_size=10, max_overflow=10)
    _set_up_postgresql(engine)
    return engine


def make_read_engine(url: str, engine: Engine) -> Engine:
    """The engine of the API's hot reads (``@one_hop``, glue_api/one_hop.py). On PostgreSQL a pool of its own
    whose connections run each statement in its own transaction, which spares a read its BEGIN and COMMIT round
    trips (psycopg2 sends each on its own); the busy pool: 20 connections kept, 10 more under bursts. On SQLite
    ``engine`` itself."""
    if url.startswith("sqlite"):
        return engine
    reads = create_engine(url, pool_size=20, max_overflow=10, isolation_level="AUTOCOMMIT")
    _set_up_postgresql(reads)
    return reads


def _set_up_postgresql(engine: Engine) -> None:
    event.listen(engine, "connect", _in_utc)
    _ping_when_idle(engine)


def _in_utc(dbapi_connection, _record) -> None:
    """Timestamps come back in UTC whatever the server's time zone, so the APIs write them with a Z as they are."""
    cursor = dbapi_connection.cursor()
    cursor.execute("SET TIME ZONE 'UTC'")
    cursor.close()
    if not dbapi_connection.autocommit:
        dbapi_connection.commit()  # the SET opened a transaction; a pooled connection starts without one


# A pooled connection is pinged before use only when it has sat idle this long: pinging at every checkout
# (pool_pre_ping) cost each API request a round trip. A server restart is still seen before the next request
# by idle connections; one in steady use fails its next statement instead, and SQLAlchemy then replaces every
# pooled connection older than that failure.
PING_WHEN_IDLE_FOR = 5.0  # seconds


def _ping_when_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def idle_from_now(_dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def ping_if_idle(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is not None and time.monotonic() - idle_since < PING_WHEN_IDLE_FOR:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError("the pooled connection is gone") from error  # the pool opens a new one


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # Cascading deletes and concurrent readers need these on every connection.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def make_read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that read only (glue_api/one_hop.py): one that tries to write its objects fails before anything is
    sent; one is ended by closing it, as there is nothing to commit."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    event.listen(factory, "before_flush", _refuse_writes)
    return factory


def _refuse_writes(session: Session, _flush_context, _instances) -> None:
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("a read session does not write: a @one_hop endpoint only reads")


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: committed if the block succeeds, rolled back if not."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
