"""Per-connection overrides of the sync config; the connection is found by the caller, within its application."""

from sqlalchemy.orm import Session

from glue_api.connection_sync_configs.repository import get_connection_sync_config
from glue_api.connection_sync_configs.schemas import ConnectionSyncConfigUpsert
from glue_api.connections.repository import connection_sync_config_of
from glue_api.models import Connection, ConnectionSyncConfig


def upsert_connection_sync_config(
    session: Session, connection: Connection, body: ConnectionSyncConfigUpsert
) -> ConnectionSyncConfig:
    """A PUT replaces every override: whatever the body leaves out no longer applies."""
    config = body.model_dump(by_alias=True, exclude_none=True)
    overrides = connection_sync_config_of(session, connection)
    if overrides is None:
        overrides = ConnectionSyncConfig(connection_id=connection.id, config=config)
        session.add(overrides)
    else:
        overrides.config = config
    session.flush()
    return overrides


def delete_connection_sync_config(session: Session, connection: Connection) -> None:
    session.delete(get_connection_sync_config(session, connection))
    session.flush()
