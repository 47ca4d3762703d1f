"""What a benchmark reads off a running deployment: the peak memory of each kind of process the daemon
started, and the rows and bytes a store holds per table."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from sqlalchemy import create_engine, text


def role(cmdline: str) -> str:
    if "dagster-daemon" in cmdline:
        return "daemon"
    # the code server starts each run (and a run its step processes) with multiprocessing's spawn
    if "execute_run" in cmdline or "execute_step" in cmdline or "spawn_main" in cmdline:
        return "run"
    if "grpc" in cmdline or "code-server" in cmdline or "code_server" in cmdline:
        return "code_server"
    return "other"


class GroupMemory:
    """Samples, once a second, the resident set of every process in a process group; keeps each role's peak
    (one process's largest RSS) and how many run processes (runs and their steps) lived at once."""

    def __init__(self, pgid: int, interval: float = 1.0):
        self.pgid = pgid
        self.interval = interval
        self.peak_mb: dict[str, float] = {}
        self.most_runs_at_once = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> GroupMemory:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _loop(self) -> None:
        page_mb = os.sysconf("SC_PAGE_SIZE") / 2**20
        while not self._stop.wait(self.interval):
            runs = 0
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    stat = (entry / "stat").read_text()
                    fields = stat[stat.rindex(")") + 2:].split()
                    if int(fields[2]) != self.pgid:  # field 5 of stat: the process group
                        continue
                    cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                    rss_mb = int((entry / "statm").read_text().split()[1]) * page_mb
                except (OSError, ValueError):
                    continue  # ended while read
                kind = role(cmdline)
                runs += kind == "run"
                self.peak_mb[kind] = max(self.peak_mb.get(kind, 0.0), rss_mb)
            self.most_runs_at_once = max(self.most_runs_at_once, runs)


def table_stats(database_url: str) -> dict[str, tuple[int, int]]:
    """Per table of the public schema: exact row count and total bytes (with indexes and TOAST)."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        tables = connection.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).scalars().all()
        stats = {}
        for table in tables:
            rows = connection.execute(text(f'SELECT count(*) FROM public."{table}"')).scalar_one()
            size = connection.execute(text("SELECT pg_total_relation_size(:t)"),
                                      {"t": f'public."{table}"'}).scalar_one()
            stats[table] = (rows, size)
    engine.dispose()
    return stats


def growth(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Rows and bytes each table gained."""
    return {table: (rows - before.get(table, (0, 0))[0], size - before.get(table, (0, 0))[1])
            for table, (rows, size) in after.items()}
