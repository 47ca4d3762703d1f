"""Sync config look-ups, always within one application, with the names the view shows."""

from typing import NamedTuple

from sqlalchemy import Select, and_, delete, false, or_, select
from sqlalchemy.orm import Session

from glue_api.errors import NotFound
from glue_api.models import ConnectionSyncConfig, Destination, ProviderConfig, Sync, SyncConfig

DELETE_BATCH = 500  # ids per DELETE, well under every driver's parameter limit


class NamedSyncConfig(NamedTuple):
    sync_config: SyncConfig
    destination_name: str
    provider_name: str


def _named(application_id: str) -> Select:
    return (
        select(SyncConfig, Destination.name, ProviderConfig.name)
        .join(Destination, Destination.id == SyncConfig.destination_id)
        .join(ProviderConfig, ProviderConfig.id == SyncConfig.provider_id)
        .where(SyncConfig.application_id == application_id)
    )


def list_sync_configs(session: Session, application_id: str) -> list[NamedSyncConfig]:
    rows = session.execute(_named(application_id).order_by(SyncConfig.created_at, SyncConfig.id)).all()
    return [NamedSyncConfig(*row) for row in rows]


def get_sync_config(session: Session, application_id: str, sync_config_id: str) -> NamedSyncConfig:
    row = session.execute(_named(application_id).where(SyncConfig.id == sync_config_id)).one_or_none()
    if row is None:
        raise NotFound(f"Sync config {sync_config_id} was not found.")
    return NamedSyncConfig(*row)


def find_sync_config_for_provider(session: Session, application_id: str, provider_id: str) -> SyncConfig | None:
    return session.execute(
        select(SyncConfig).where(SyncConfig.application_id == application_id, SyncConfig.provider_id == provider_id)
    ).scalar_one_or_none()


class SyncRow(NamedTuple):
    id: str
    object_type: str
    object: str
    overrides: dict | None  # the connection's sync config overrides, if it has any


def syncs_of(session: Session, sync_config_id: str, objects: set[tuple[str, str]] | None = None) -> list[SyncRow]:
    """The syncs of one sync config; given `objects`, only those of these (object type, object) pairs."""
    query = (
        select(Sync.id, Sync.object_type, Sync.object, ConnectionSyncConfig.config)
        .outerjoin(ConnectionSyncConfig, ConnectionSyncConfig.connection_id == Sync.connection_id)
        .where(Sync.sync_config_id == sync_config_id)
    )
    if objects is not None:
        query = query.where(or_(false(), *(and_(Sync.object_type == t, Sync.object == o) for t, o in objects)))
    return [SyncRow(*row) for row in session.execute(query)]


def delete_syncs(session: Session, sync_ids: list[str]) -> None:
    """Their runs go with them (ON DELETE CASCADE)."""
    for start in range(0, len(sync_ids), DELETE_BATCH):
        session.execute(delete(Sync).where(Sync.id.in_(sync_ids[start : start + DELETE_BATCH])))
