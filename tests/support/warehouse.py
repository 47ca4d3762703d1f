"""A fresh database on the test PostgreSQL server for each test that needs a warehouse."""

from __future__ import annotations

import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.store import postgres_url


def create_warehouse_database() -> str:
    server = make_url(postgres_url())
    name = "wh_" + uuid.uuid4().hex[:12]
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


def drop_warehouse_database(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database=make_url(postgres_url()).database), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    admin.dispose()


def postgres_destination_body(url: str, schema: str = "crm", name: str = "warehouse") -> dict:
    target = make_url(url)
    return {
        "name": name,
        "type": "postgres",
        "config": {"host": target.host, "port": target.port, "database": target.database, "schema": schema,
                   "user": target.username, "password": target.password},
    }
