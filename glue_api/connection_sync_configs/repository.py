from sqlalchemy.orm import Session

from glue_api.connections.repository import connection_sync_config_of
from glue_api.errors import NotFound
from glue_api.models import Connection, ConnectionSyncConfig


def get_connection_sync_config(session: Session, connection: Connection) -> ConnectionSyncConfig:
    overrides = connection_sync_config_of(session, connection)
    if overrides is None:
        raise NotFound(f"The {connection.provider_name} connection has no connection sync config.")
    return overrides
