"""Sync configs: what each provider syncs, how often, and into which destination."""

from sqlalchemy.orm import Session

from glue_api.destinations.repository import find_destination_by_name
from glue_api.entities.service import check_entities_exist
from glue_api.errors import Conflict, NotFound
from glue_api.models import SyncConfig
from glue_api.providers.repository import get_provider_by_name
from glue_api.sync_configs import repository
from glue_api.sync_configs.runnable import check_runnable
from glue_api.sync_configs.repository import NamedSyncConfig, SyncRow
from glue_api.sync_configs.schemas import OBJECT_LISTS, SyncConfigCreate, SyncConfigData, SyncConfigUpdate
from glue_api.syncs.objects import synced_objects as objects_of_connection

LISTED_OBJECTS_IN_MESSAGES = 10


def configured_objects(config: dict) -> set[tuple[str, str]]:
    """(object type, object) pairs of a stored config, object type as `Sync.object_type` names it."""
    return {
        (field.removesuffix("_objects"), item["object"]) for field in OBJECT_LISTS for item in config.get(field) or []
    }


def kept_by_connection(config: dict, overrides: dict | None) -> set[tuple[str, str]]:
    """What a connection syncs under `config`, its own object lists replacing the config's."""
    return {(o.object_type, o.object) for o in objects_of_connection(config, overrides)}


def _describe(syncs: list[SyncRow]) -> str:
    objects = sorted({(s.object_type, s.object) for s in syncs})
    shown = ", ".join(f"{t} {o}" for t, o in objects[:LISTED_OBJECTS_IN_MESSAGES])
    return shown + (", ..." if len(objects) > LISTED_OBJECTS_IN_MESSAGES else "")


def _check_entities(session: Session, application_id: str, config: SyncConfigData) -> None:
    check_entities_exist(session, application_id, [item.entity_id for item in config.entities or []])


def create_sync_config(session: Session, application_id: str, body: SyncConfigCreate) -> NamedSyncConfig:
    check_runnable(body.provider_name, body.config)
    _check_entities(session, application_id, body.config)
    destination = find_destination_by_name(session, application_id, body.destination_name)
    if destination is None:
        raise NotFound(f"Destination {body.destination_name} was not found.")
    provider = get_provider_by_name(session, application_id, body.provider_name)
    if repository.find_sync_config_for_provider(session, application_id, provider.id) is not None:
        raise Conflict(f"A sync config for {provider.name} already exists; update that one instead.")
    sync_config = SyncConfig(
        application_id=application_id,
        destination_id=destination.id,
        provider_id=provider.id,
        config=body.config.model_dump(exclude_none=True),
    )
    session.add(sync_config)
    session.flush()
    return NamedSyncConfig(sync_config, destination.name, provider.name)


def _orphaned_by(session: Session, named: NamedSyncConfig, config: dict) -> list[SyncRow]:
    """Syncs of objects the new config drops, except where a connection's own object list keeps them."""
    removed = configured_objects(named.sync_config.config) - configured_objects(config)
    if not removed:
        return []
    return [
        sync
        for sync in repository.syncs_of(session, named.sync_config.id, removed)
        if (sync.object_type, sync.object) not in kept_by_connection(config, sync.overrides)
    ]


def update_sync_config(
    session: Session, application_id: str, sync_config_id: str, body: SyncConfigUpdate, force_delete_syncs: bool
) -> NamedSyncConfig:
    named = repository.get_sync_config(session, application_id, sync_config_id)
    check_runnable(named.provider_name, body.config)
    _check_entities(session, application_id, body.config)
    config = body.config.model_dump(exclude_none=True)
    orphaned = _orphaned_by(session, named, config)
    if orphaned and not force_delete_syncs:
        raise Conflict(
            f"Syncs exist for objects this update removes ({_describe(orphaned)}); "
            "pass force_delete_syncs=true to delete them with the update."
        )
    repository.delete_syncs(session, [sync.id for sync in orphaned])
    named.sync_config.config = config
    session.flush()
    return named


def delete_sync_config(
    session: Session, application_id: str, sync_config_id: str, force_delete_syncs: bool
) -> NamedSyncConfig:
    named = repository.get_sync_config(session, application_id, sync_config_id)
    syncs = repository.syncs_of(session, sync_config_id)
    if syncs and not force_delete_syncs:
        raise Conflict(
            f"Syncs exist for this sync config ({_describe(syncs)}); "
            "pass force_delete_syncs=true to delete them with it."
        )
    repository.delete_syncs(session, [sync.id for sync in syncs])
    session.delete(named.sync_config)
    session.flush()
    return named


def sync_config_view(named: NamedSyncConfig) -> dict:
    sync_config = named.sync_config
    return {
        "id": sync_config.id,
        "application_id": sync_config.application_id,
        "destination_name": named.destination_name,
        "provider_name": named.provider_name,
        "config": sync_config.config,
    }
