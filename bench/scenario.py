"""The setting most benchmarks share: PostgreSQL (store + warehouse), the HubSpot emulator in
its own process, and one customer's HubSpot connection syncing contacts into the warehouse."""

from __future__ import annotations

import os
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass

from bench.emulator import EmulatorProcess
from bench.postgres import PostgresServer
from bench.store import GlueConfig, new_store, postgres_destination, seed_hubspot
from bench.worker import run_worker

SCHEMA = "crm"


@dataclass
class SyncSetting:
    pg: PostgresServer
    emulator: EmulatorProcess
    config: GlueConfig
    warehouse_url: str
    connection_id: str
    workdir: str
    assets: str = "contacts"  # the Dagster assets (of HubSpot) a run materializes

    def glue_sync(self, timeout: float) -> dict:
        """A run of the connection's partition through Dagster, in a fresh process."""
        args = ["glue", "--connection", self.connection_id, "--objects", self.assets,
                "--instance-dir", os.path.join(self.workdir, "dagster")]
        outcome = run_worker(args, self.config.env(), timeout, os.path.join(self.workdir, "worker.log"))
        self.pg.settle(self.warehouse_url)
        return outcome

    def limit_sync(self, timeout: float) -> dict:
        args = ["limit", "--url", self.emulator.url, "--token", self.emulator.access_token(),
                "--warehouse", self.warehouse_url]
        outcome = run_worker(args, {}, timeout, os.path.join(self.workdir, "worker.log"))
        self.pg.settle(self.warehouse_url)
        return outcome


def sync_setting(stack: ExitStack, pg: PostgresServer, contacts: int, name: str, common: bool = False) -> SyncSetting:
    """A new emulator with ``contacts`` records, and a new store and warehouse database named after ``name``;
    ``common``: the connection syncs the common contact (crm_contacts) instead of HubSpot's contacts."""
    workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix=f"glue-bench-{name}."))
    emulator = stack.enter_context(EmulatorProcess({"contacts": contacts, "owners": 10}))
    warehouse_url = pg.create_database(f"warehouse_{name}")
    config = new_store(pg.create_database(f"glue_{name}"), os.path.join(workdir, "home"), {"hubspot": emulator.url})
    objects, common_objects = ([], ("contact",)) if common else (["contacts"], ())
    [connection_id] = seed_hubspot(config, postgres_destination(warehouse_url, SCHEMA), objects,
                                   [emulator.refresh_token()], common_objects=common_objects)
    return SyncSetting(pg, emulator, config, warehouse_url, connection_id, workdir,
                       "common_contact" if common else "contacts")
