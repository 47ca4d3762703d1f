"""Where a connection's objects land in its destination, read from the store without starting a sync."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dlt
from sqlalchemy.orm import Session

from glue_api.destinations.service import full_config
from glue_api.entity_mappings.service import merged_mappings
from glue_api.models import Connection, ConnectionSyncConfig, Customer, Destination
from glue_api.syncs.objects import ENTITY, default_table_name, synced_objects
from glue_api.syncs.service import sync_config_for
from glue_pipelines.destinations.factory import build_target
from glue_pipelines.destinations.writer_lock import exclusive_writer
from glue_pipelines.store import GlueStore
from glue_pipelines.sync.contract import GLUE_PREFIX, Tenant, column_names
from glue_providers import registry
from glue_providers.common.models import table_name as common_table_name


@dataclass(frozen=True)
class ObjectTable:
    object_type: str
    object: str
    table: str  # an entity not mapped to an object has no table and is left out
    columns: dict[str, str]  # contract column -> warehouse column


@dataclass(frozen=True)
class ConnectionTables:
    connection_id: str
    tenant: Tenant
    sync_config: dict[str, Any]
    destination_type: str
    destination_config: dict[str, Any]  # holds opened secrets: never log it
    schema_override: str | None
    objects: list[ObjectTable]

    @contextmanager
    def sql_client(self, home: Path) -> Iterator:
        """A dlt SQL client on the destination, through a pipeline of its own (the sync's state stays untouched)."""
        target = build_target(self.destination_type, self.destination_config, home, self.schema_override)
        pipeline = dlt.pipeline(
            pipeline_name="glue_checks_" + self.connection_id.replace("-", ""), destination=target.destination,
            dataset_name=target.dataset_name, pipelines_dir=str(home / "checks"),
        )
        with exclusive_writer(target.writer_lock), pipeline.sql_client() as client:
            yield client


def object_tables(session: Session, connection: Connection, sync_config: dict, overrides: dict,
                  prefix: str) -> list[ObjectTable]:
    """Each object the connection syncs and its table, as the engine names it (see sync.job)."""
    provider = registry.get(connection.provider_name)
    entities = None
    found = []
    for item in synced_objects(sync_config, overrides):
        if item.object_type == ENTITY:
            if entities is None:
                entities = {merged.entity_id: merged for merged in merged_mappings(session, connection)}
            merged = entities.get(item.object)
            if merged is None or merged.object is None:
                continue
            table = f"entity_{merged.entity_name}".lower()
        elif item.object_type == "common":
            table = common_table_name(provider.category, item.object)
        else:
            table = item.table or default_table_name(provider.name, item.object)
        found.append(ObjectTable(item.object_type, item.object, table,
                                 column_names(prefix, common=item.object_type == "common")))
    return found


def connection_tables(store: GlueStore, session: Session, connection_id: str) -> ConnectionTables | None:
    """None when the connection is gone or its application has no sync config for the provider."""
    connection = session.get(Connection, connection_id)
    if connection is None:
        return None
    sync_config = sync_config_for(session, connection)
    if sync_config is None:
        return None
    customer = session.get(Customer, connection.customer_id)
    overrides_row = session.get(ConnectionSyncConfig, connection.id)
    overrides = overrides_row.config if overrides_row else {}
    destination = session.get(Destination, sync_config.destination_id)
    config = full_config(store.keyring, destination)
    destination_overrides = overrides.get("destination_config") or {}
    return ConnectionTables(
        connection_id=connection.id,
        tenant=Tenant(connection.application_id, customer.external_id, connection.provider_name),
        sync_config=sync_config.config,
        destination_type=destination.type,
        destination_config=config,
        schema_override=destination_overrides.get("schema") or destination_overrides.get("dataset"),
        objects=object_tables(session, connection, sync_config.config, overrides,
                              config.get("column_prefix") or GLUE_PREFIX),
    )
