"""A throwaway PostgreSQL 15 server for one benchmark, through scripts/postgres."""

from __future__ import annotations

import subprocess
import tempfile

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.report import REPO


class PostgresServer:
    """``with PostgresServer() as pg: pg.url; pg.create_database("warehouse")``"""

    def __init__(self):
        self.dir = ""
        self.url = ""

    def start(self) -> PostgresServer:
        self.dir = tempfile.mkdtemp(prefix="glue-bench-pg.")
        result = subprocess.run([str(REPO / "scripts" / "postgres"), "start", self.dir],
                                capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            raise RuntimeError(f"scripts/postgres start failed: {result.stderr.strip()}")
        self.url = result.stdout.strip().splitlines()[-1]
        return self

    def stop(self) -> None:
        if self.dir:
            subprocess.run([str(REPO / "scripts" / "postgres"), "stop", self.dir], capture_output=True, timeout=120)
            self.dir = ""

    def create_database(self, name: str) -> str:
        admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def settle(self, database_url: str) -> None:
        """Does now what the server would otherwise do during the next measurement: VACUUM ANALYZE
        the database just written to, then CHECKPOINT."""
        engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("VACUUM ANALYZE"))
            connection.execute(text("CHECKPOINT"))
        engine.dispose()

    def __enter__(self) -> PostgresServer:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()
