"""What a run's asset selection asks of one connection: an object picked by name must be one it syncs."""

from __future__ import annotations

from glue_api.db import transaction
from glue_api.models import Connection, ConnectionSyncConfig
from glue_api.syncs.objects import synced_objects
from glue_api.syncs.service import sync_config_for
from glue_pipelines.store import GlueStore


class UnsyncedSelection(Exception):
    """Explicitly selected assets hold objects the connection's sync config does not list."""


def synced_asset_names(store: GlueStore, connection_id: str, asset_name) -> set[str] | None:
    """The assets holding the connection's objects (``asset_name(object, object_type)`` names them); None when the
    connection or its sync config is gone (the sync itself says so)."""
    with transaction(store.session_factory) as session:
        connection = session.get(Connection, connection_id)
        sync_config = sync_config_for(session, connection) if connection is not None else None
        if sync_config is None:
            return None
        overrides = session.get(ConnectionSyncConfig, connection_id)
        return {asset_name(o.object, o.object_type)
                for o in synced_objects(sync_config.config, overrides.config if overrides else None)}


def refuse_unsynced(provider_name: str, connection_id: str, selected: set[str], synced: set[str] | None) -> None:
    missing = sorted(selected - synced) if synced is not None else []
    if missing:
        raise UnsyncedSelection(
            f"connection {connection_id} does not sync {', '.join(f'{provider_name}/{m}' for m in missing)}: "
            f"its sync config lists {', '.join(sorted(synced)) or 'no object'} (add the object to the "
            f"{provider_name} sync config, or select the whole {provider_name} group to sync what it lists)")
