"""The managed DuckDB warehouse takes one writing process at a time: concurrent syncs wait their turn."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import duckdb

from glue_pipelines.destinations.factory import build_target
from glue_pipelines.destinations.writer_lock import exclusive_writer

HOLDER = textwrap.dedent("""
    import sys, time, duckdb
    from glue_pipelines.destinations.writer_lock import exclusive_writer
    with exclusive_writer(sys.argv[2]):
        connection = duckdb.connect(sys.argv[1])
        connection.execute("create table if not exists t (writer text)")
        connection.execute("insert into t values ('first')")
        print("holding", flush=True)
        time.sleep(1.5)
        connection.close()
""")


def test_a_second_writer_waits_for_the_first_instead_of_failing(tmp_path):
    target = build_target("supaglue", {}, tmp_path, None)
    database = str(tmp_path / "warehouse.duckdb")
    assert target.writer_lock == database + ".lock"

    holder = subprocess.Popen([sys.executable, "-c", HOLDER, database, target.writer_lock],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    asked = time.monotonic()
    with exclusive_writer(target.writer_lock):
        waited = time.monotonic() - asked
        connection = duckdb.connect(database)  # without the lock this fails: the file is held by the other process
        connection.execute("insert into t values ('second')")
        rows = [row[0] for row in connection.execute("select writer from t").fetchall()]
        connection.close()
    assert holder.wait(timeout=30) == 0
    assert waited > 0.5 and rows == ["first", "second"]


def test_destinations_with_many_writers_take_no_lock(tmp_path):
    postgres = build_target("postgres", {"host": "h", "port": 5432, "database": "d", "schema": "s", "user": "u",
                                         "password": "p"}, tmp_path, None)
    assert postgres.writer_lock is None
    with exclusive_writer(None):
        pass
