"""Test stores: a migrated SQLite file and the test PostgreSQL server, emptied between tests."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, text

from glue_api.db import make_engine
from glue_api.migrate import upgrade
from glue_api.models import Base

BACKENDS = ["sqlite", "postgres"]


def postgres_url() -> str:
    url = os.environ.get("GLUE_TEST_POSTGRES_URL")
    if not url:
        raise RuntimeError(
            "GLUE_TEST_POSTGRES_URL is not set: run the suite with scripts/test, which starts PostgreSQL"
        )
    return url


def store_url(backend: str, workdir: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{workdir / 'glue.db'}"
    return postgres_url()


def reset_schema(url: str) -> None:
    """Drops every table so the migration runs from nothing."""
    engine = make_engine(url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            Base.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


def migrated_store(backend: str, workdir: Path) -> str:
    url = store_url(backend, workdir)
    reset_schema(url)
    upgrade(url)
    return url


def empty_all_tables(engine: Engine) -> None:
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(t.name for t in Base.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())


# Every API request is logged, refused ones included: the log is an audit trail, not state a refusal must keep.
AUDIT_TABLES = {"request_logs", "request_counts"}  # the counts follow the log (triggers)


def dump_all_rows(engine: Engine, include_audit: bool = False) -> dict[str, list[tuple]]:
    """Every row of every table (the audit trail only if asked), as raw text from the database (no type decoding)."""
    dump = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in AUDIT_TABLES and not include_audit:
                continue
            columns = ", ".join(f'CAST("{c.name}" AS TEXT)' for c in table.columns)
            rows = connection.execute(text(f'SELECT {columns} FROM "{table.name}"')).all()
            dump[table.name] = sorted(tuple(row) for row in rows)
    return dump
