"""Everything one run of a connection's syncs needs, read from the store in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from glue_api.destinations.service import full_config
from glue_api.models import Connection, ConnectionSyncConfig, Customer, Destination, Sync
from glue_api.syncs.objects import default_table_name, strategy_for, synced_objects
from glue_api.entities.apply import entity_mapper
from glue_api.entity_mappings.service import merged_mappings
from glue_api.field_mappings.service import object_mappers
from glue_api.syncs.objects import ENTITY
from glue_api.syncs.service import ensure_syncs, finish_run, start_runs, sync_config_for
from glue_pipelines.sync.claim import claim_connection
from glue_pipelines.sync.contract import GLUE_PREFIX, Tenant
from glue_pipelines.sync.plan import ObjectPlan, plan_object
from glue_pipelines.store import GlueStore
from glue_providers import registry
from glue_providers.common.models import table_name as common_table_name


class NothingToSync(Exception):
    pass


class ConnectionBusy(NothingToSync):
    """Another live run is syncing this connection: two dlt pipelines must never share its state."""


@dataclass(frozen=True)
class SyncJob:
    connection_id: str
    tenant: Tenant
    instance_url: str
    login_url: str | None
    sync_config: dict[str, Any]
    destination_type: str
    destination_config: dict[str, Any]  # holds opened secrets: never log it
    schema_override: str | None
    plans: list[ObjectPlan]
    run_ids: dict[str, str]  # sync id -> sync run id
    # sync id -> what lands in the table's mapped_data column of each record: a schema's fields (with the
    # customer's field mappings) for objects that have one, an entity's fields for entity syncs.
    mappers: dict[str, Callable[[dict], dict]] = field(default_factory=dict)
    # The connection's settings (its provider's form fields), for sources that need one besides the credentials.
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def column_prefix(self) -> str:
        return self.destination_config.get("column_prefix") or GLUE_PREFIX


def prepare_job(
    store: GlueStore, session: Session, connection_id: str, *,
    include: Callable[[Sync], bool] | None = None, sync_ids: list[str] | None = None,
    orchestrator_run_id: str | None = None, is_live: Callable[[str], bool] | None = None,
) -> SyncJob:
    """``is_live`` answers whether another orchestrator run still runs; see ``claim_connection``."""
    holder = claim_connection(session, connection_id, orchestrator_run_id, is_live)
    if holder is not None:
        raise ConnectionBusy(f"connection {connection_id} is already being synced by run {holder}")
    connection = session.get(Connection, connection_id)
    if connection is None:
        raise NothingToSync(f"connection {connection_id} no longer exists")
    customer = session.get(Customer, connection.customer_id)
    sync_config = sync_config_for(session, connection)
    if sync_config is None:
        raise NothingToSync(f"no sync config for {connection.provider_name} in this application")
    ensure_syncs(session, connection)
    query = select(Sync).where(Sync.connection_id == connection.id, Sync.paused.is_(False))
    if sync_ids:
        query = query.where(Sync.id.in_(sync_ids))
    overrides_row = session.get(ConnectionSyncConfig, connection.id)
    overrides = overrides_row.config if overrides_row else {}
    tables = {(o.object_type, o.object): o.table for o in synced_objects(sync_config.config, overrides)}
    syncs = [
        s for s in session.execute(query.order_by(Sync.object)).scalars()
        if (s.object_type, s.object) in tables and (include is None or include(s))
    ]
    if not syncs:
        raise NothingToSync(f"connection {connection_id} has no unpaused sync to run")

    provider = registry.get(connection.provider_name)
    mappings = provider.common_mappings()
    schema_mappers = object_mappers(session, connection)
    entities = {merged.entity_id: merged for merged in merged_mappings(session, connection)}
    unmapped = [s for s in syncs if s.object_type == ENTITY and (entities.get(s.object) is None
                                                                  or entities[s.object].object is None)]
    plans, mappers = [], {}
    for sync in syncs:
        if sync in unmapped:
            continue
        if sync.object_type == ENTITY:
            merged = entities[sync.object]
            read, table = merged.object["name"], f"entity_{merged.entity_name}".lower()
            mappers[sync.id] = entity_mapper(merged)
        elif sync.object_type == "common":
            read, table = mappings[sync.object].from_object, common_table_name(provider.category, sync.object)
        else:
            read = sync.object if sync.object_type == "standard" else ""
            table = tables.get((sync.object_type, sync.object)) or default_table_name(provider.name, sync.object)
        plans.append(plan_object(
            sync.id, sync.object_type, sync.object, table,
            sync.state, strategy_for(sync_config.config, sync.object_type, sync.object),
            sync.force_full_sync or read in provider.full_only_objects, source_object=read,
            source_state=sync.source_state,
        ))
        if (sync.object_type, sync.object) in schema_mappers:
            mappers[sync.id] = schema_mappers[(sync.object_type, sync.object)]
    destination = session.get(Destination, sync_config.destination_id)
    runs = start_runs(session, syncs, orchestrator_run_id)
    for sync in unmapped:  # an entity this customer's connection maps to no object cannot run: say so
        finish_run(session, runs.pop(sync.id), connection, sync, customer, records=None,
                   error=f"entity {sync.object} is not mapped to a {provider.title} object for this customer: set "
                         "the provider config's default entity mapping or the customer's (PUT /entity_mappings)")

    return SyncJob(
        connection_id=connection.id,
        tenant=Tenant(connection.application_id, customer.external_id, connection.provider_name),
        instance_url=connection.instance_url,
        login_url=(connection.settings or {}).get("login_url"),
        sync_config=sync_config.config,
        destination_type=destination.type,
        destination_config=full_config(store.keyring, destination),
        schema_override=(overrides.get("destination_config") or {}).get("schema")
        or (overrides.get("destination_config") or {}).get("dataset"),
        plans=plans,
        run_ids={sync_id: run.id for sync_id, run in runs.items()},
        mappers=mappers,
        settings=dict(connection.settings or {}),
    )
