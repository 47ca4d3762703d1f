"""Parallel test workers (pytest-xdist): how many to start, and a PostgreSQL database of each worker's own.

Every worker is a separate pytest process on the one test PostgreSQL server. The session's migrated store
drops and recreates the `public` schema of the server's database, so two workers on the same database would
wipe each other's tables: each worker points GLUE_TEST_POSTGRES_URL at a database named after it instead.
Warehouse databases (random names) and everything under tmp_path (per worker already) need nothing more.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

WORKERS_VARIABLE = "GLUE_TEST_WORKERS"  # how many workers `-n auto` starts for a run of several test files


def is_test_module(path: Path) -> bool:
    return path.suffix == ".py" and (path.name.startswith("test_") or path.stem.endswith("_test"))


def count_test_modules(args: list[str]) -> int:
    """The test files named by pytest's path arguments (a file, a node id in it, or a folder of them)."""
    found: set[Path] = set()
    for arg in args:
        path = Path(arg.split("::", 1)[0])
        if path.is_dir():
            found.update(p.resolve() for p in path.rglob("*.py") if is_test_module(p))
        elif is_test_module(path):
            found.add(path.resolve())
    return len(found)


def workers_for(args: list[str]) -> int:
    """Workers for `-n auto`: none (one process) when the run holds a single test file, since the suite is
    distributed by file and one file runs on one worker anyway; else one per usable core, or as set."""
    if count_test_modules(args) < 2:
        return 0
    chosen = os.environ.get(WORKERS_VARIABLE)
    return int(chosen) if chosen else len(os.sched_getaffinity(0))


def worker_database_url(server_url: str, worker_id: str) -> str:
    """A fresh, empty database named after the worker (``gw0``...) on the server of ``server_url``."""
    server = make_url(server_url)
    name = f"{server.database}_{worker_id}"
    _administer(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    return server.set(database=name).render_as_string(hide_password=False)


def drop_worker_database(server_url: str, worker_url: str) -> None:
    _administer(server_url, f'DROP DATABASE IF EXISTS "{make_url(worker_url).database}" WITH (FORCE)')


def _administer(server_url: str, *statements: str) -> None:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        admin.dispose()
