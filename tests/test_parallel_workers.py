"""The suite's parallel workers: how many `-n auto` starts, and each worker's own PostgreSQL database."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.store import postgres_url
from tests.support.workers import (
    WORKERS_VARIABLE,
    count_test_modules,
    drop_worker_database,
    worker_database_url,
    workers_for,
)

TESTS = Path(__file__).resolve().parent


def database_names(url: str) -> set[str]:
    engine = create_engine(url)
    with engine.connect() as connection:
        names = set(connection.execute(text("SELECT datname FROM pg_database")).scalars())
    engine.dispose()
    return names


def test_test_modules_are_counted_by_file_node_and_folder():
    assert count_test_modules([str(TESTS / "test_auth.py")]) == 1
    assert count_test_modules([f"{TESTS / 'test_auth.py'}::test_x", str(TESTS / "test_auth.py")]) == 1
    assert count_test_modules([str(TESTS / "support")]) == 0  # helpers, no test modules
    assert count_test_modules([str(TESTS / "pipelines")]) > 5
    assert count_test_modules([str(TESTS / "nothing-here")]) == 0


def test_one_file_runs_in_one_process_and_several_files_in_one_worker_per_core(monkeypatch):
    monkeypatch.delenv(WORKERS_VARIABLE, raising=False)
    assert workers_for([str(TESTS / "test_auth.py")]) == 0
    assert workers_for([f"{TESTS / 'test_auth.py'}::test_x"]) == 0
    assert workers_for([str(TESTS)]) == len(os.sched_getaffinity(0))
    monkeypatch.setenv(WORKERS_VARIABLE, "3")
    assert workers_for([str(TESTS / "test_auth.py"), str(TESTS / "test_cli.py")]) == 3
    assert workers_for([str(TESTS / "test_auth.py")]) == 0


def test_a_worker_database_is_fresh_and_dropped():
    server = postgres_url()
    url = worker_database_url(server, "gwcheck")
    assert make_url(url).database == f"{make_url(server).database}_gwcheck"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE left_behind (id int)"))
    engine.dispose()

    again = worker_database_url(server, "gwcheck")  # a rerun of the same worker starts empty
    engine = create_engine(again)
    with engine.connect() as connection:
        tables = connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).all()
    engine.dispose()
    assert tables == []

    drop_worker_database(server, again)
    assert make_url(again).database not in database_names(server)


def test_this_run_uses_its_workers_own_database():
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    database = make_url(postgres_url()).database
    if worker:
        assert database.endswith(f"_{worker}")
    else:
        assert not database.endswith(("_gw0", "_gw1"))
