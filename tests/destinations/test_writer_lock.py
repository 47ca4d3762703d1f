"""The managed DuckDB warehouse takes one writing process at a time: concurrent syncs wait their turn."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import duckdb

from glue_pipelines.destinations.factory import build_target
from glue_pipelines.destinations.writer_lock import exclusive_writer

HOLDER = textwrap.dedent("""
    import sys, duckdb
    from glue_pipelines.destinations.writer_lock import exclusive_writer
    with exclusive_writer(sys.argv[2]):
        connection = duckdb.connect(sys.argv[1])
        connection.execute("create table if not exists t (writer text)")
        connection.execute("insert into t values ('first')")
        print("holding", flush=True)
        sys.stdin.readline()  # holds the lock until the test says so
        connection.close()
""")


def blocked_on(lock_path: str, pid: int) -> bool:
    """Whether the kernel lists `pid` as waiting (a `->` line in /proc/locks) for the flock on `lock_path`."""
    inode = os.stat(lock_path).st_ino
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields and fields[fields.index("->") + 1] == "FLOCK":
            waiter_pid, device_inode = fields[fields.index("->") + 4], fields[fields.index("->") + 5]
            if int(waiter_pid) == pid and int(device_inode.rsplit(":", 1)[1]) == inode:
                return True
    return False


def test_a_second_writer_waits_for_the_first_instead_of_failing(tmp_path):
    target = build_target("supaglue", {}, tmp_path, None)
    database = str(tmp_path / "warehouse.duckdb")
    assert target.writer_lock == database + ".lock"

    holder = subprocess.Popen([sys.executable, "-c", HOLDER, database, target.writer_lock],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    acquired = threading.Event()
    rows: list[str] = []

    def second_writer() -> None:
        with exclusive_writer(target.writer_lock):
            acquired.set()
            connection = duckdb.connect(database)  # without the lock this fails: the file is held by the other process
            connection.execute("insert into t values ('second')")
            rows.extend(row[0] for row in connection.execute("select writer from t").fetchall())
            connection.close()

    writer = threading.Thread(target=second_writer)
    writer.start()
    # Event-based: wait until the kernel shows this process queued behind the holder (the deadline only stops a hang).
    deadline = time.monotonic() + 30
    while not blocked_on(target.writer_lock, os.getpid()) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert blocked_on(target.writer_lock, os.getpid())
    assert not acquired.is_set()  # queued, not let in beside the holder

    holder.stdin.write("release\n")
    holder.stdin.flush()
    writer.join(timeout=30)
    assert holder.wait(timeout=30) == 0
    assert acquired.is_set() and rows == ["first", "second"]


def test_destinations_with_many_writers_take_no_lock(tmp_path):
    postgres = build_target("postgres", {"host": "h", "port": 5432, "database": "d", "schema": "s", "user": "u",
                                         "password": "p"}, tmp_path, None)
    assert postgres.writer_lock is None
    with exclusive_writer(None):
        pass
