"""What a run's asset selection asks of one connection: an object picked by name must be one it syncs, and
not one whose sync is paused (either would otherwise end a successful run that synced nothing)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Connection, ConnectionSyncConfig, Sync
from glue_api.syncs.objects import synced_objects
from glue_api.syncs.service import sync_config_for
from glue_pipelines.store import GlueStore


class UnsyncedSelection(Exception):
    """Explicitly selected assets hold objects the connection does not sync, or syncs that are paused."""


@dataclass
class ConnectionAssets:
    synced: set[str]  # the assets holding the connection's objects
    paused: dict[str, str] = field(default_factory=dict)  # asset -> why, where every sync in it is paused


def connection_assets(store: GlueStore, connection_id: str, asset_name) -> ConnectionAssets | None:
    """``asset_name(object, object_type)`` names an object's asset; None when the connection or its sync config
    is gone (the sync itself says so)."""
    with transaction(store.session_factory) as session:
        connection = session.get(Connection, connection_id)
        sync_config = sync_config_for(session, connection) if connection is not None else None
        if sync_config is None:
            return None
        overrides = session.get(ConnectionSyncConfig, connection_id)
        wanted = {(o.object_type, o.object)
                  for o in synced_objects(sync_config.config, overrides.config if overrides else None)}
        syncs = [s for s in session.execute(select(Sync).where(Sync.connection_id == connection_id)).scalars()
                 if (s.object_type, s.object) in wanted]
        found = ConnectionAssets({asset_name(name, kind) for kind, name in wanted})
        for name in found.synced:
            inside = [s for s in syncs if asset_name(s.object, s.object_type) == name]
            if inside and all(s.paused for s in inside):
                found.paused[name] = inside[0].paused_reason or "paused"
        return found


def refuse_unsynced(provider_name: str, connection_id: str, selected: set[str], assets: ConnectionAssets | None) -> None:
    if assets is None:
        return
    missing = sorted(selected - assets.synced)
    if missing:
        raise UnsyncedSelection(
            f"connection {connection_id} does not sync {', '.join(f'{provider_name}/{m}' for m in missing)}: "
            f"its sync config lists {', '.join(sorted(assets.synced)) or 'no object'} (add the object to the "
            f"{provider_name} sync config, or select the whole {provider_name} group to sync what it lists)")
    paused = sorted(selected & set(assets.paused))
    if paused and len(paused) == len(selected):
        raise UnsyncedSelection(
            f"connection {connection_id} has paused "
            + "; ".join(f"{provider_name}/{name} ({assets.paused[name]})" for name in paused)
            + " (POST /syncs/_resume resumes it)")
