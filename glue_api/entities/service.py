"""Entities: an application's own data models, mapped to each customer's provider objects and synced by
sync configs' ``entities``."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from glue_api.entities.schemas import EntityWrite
from glue_api.errors import BadRequest, Conflict
from glue_api.models import Entity, ProviderConfig, SyncConfig
from glue_api.ownership import get_owned, list_owned

LISTED_IN_MESSAGES = 10


def entity_view(entity: Entity) -> dict:
    return {"id": entity.id, "application_id": entity.application_id, "name": entity.name, "config": entity.config}


def list_entities(session: Session, application_id: str) -> list[Entity]:
    return list_owned(session, Entity, application_id)


def get_entity(session: Session, application_id: str, entity_id: str) -> Entity:
    return get_owned(session, Entity, application_id, entity_id, "Entity")


def _check_name_free(session: Session, application_id: str, name: str, entity_id: str | None = None) -> None:
    # Case-insensitively: warehouses fold table names, and entity_Contact and entity_contact would collide.
    taken = session.execute(
        select(Entity.id, Entity.name).where(Entity.application_id == application_id,
                                             func.lower(Entity.name) == name.lower())
    ).first()
    if taken is not None and taken.id != entity_id:
        raise Conflict(f"An entity named {taken.name} already exists.")


def create_entity(session: Session, application_id: str, body: EntityWrite) -> Entity:
    _check_name_free(session, application_id, body.name)
    entity = Entity(application_id=application_id, name=body.name, config=body.config.model_dump(exclude_none=True))
    session.add(entity)
    session.flush()
    return entity


def update_entity(session: Session, application_id: str, entity_id: str, body: EntityWrite) -> Entity:
    entity = get_entity(session, application_id, entity_id)
    _check_name_free(session, application_id, body.name, entity.id)
    entity.name = body.name
    entity.config = body.config.model_dump(exclude_none=True)
    session.flush()
    return entity


def _users(session: Session, application_id: str, entity_id: str) -> list[str]:
    """What refers to the entity: sync configs syncing it, provider configs mapping it by default."""
    users = []
    sync_configs = session.execute(
        select(SyncConfig.config, ProviderConfig.name)
        .join(ProviderConfig, ProviderConfig.id == SyncConfig.provider_id)
        .where(SyncConfig.application_id == application_id)
    ).all()
    for config, provider_name in sync_configs:
        if any(item.get("entity_id") == entity_id for item in config.get("entities") or []):
            users.append(f"the {provider_name} sync config")
    for provider in list_owned(session, ProviderConfig, application_id):
        if any(m.get("entity_id") == entity_id for m in provider.entity_mappings or []):
            users.append(f"the {provider.name} provider config's entity_mappings")
    return users


def delete_entity(session: Session, application_id: str, entity_id: str) -> None:
    """Refused while something refers to it; customers' mappings of it go with it."""
    entity = get_entity(session, application_id, entity_id)
    users = _users(session, application_id, entity.id)
    if users:
        raise Conflict(f"Entity {entity.name} is used by {', '.join(users[:LISTED_IN_MESSAGES])}; "
                       "remove it from there first.")
    session.delete(entity)
    session.flush()


def entities_by_id(session: Session, application_id: str) -> dict[str, Entity]:
    return {entity.id: entity for entity in list_entities(session, application_id)}


def check_entities_exist(session: Session, application_id: str, entity_ids: list[str]) -> dict[str, Entity]:
    """400 naming the application's entities when one of `entity_ids` is not among them."""
    known = entities_by_id(session, application_id)
    unknown = sorted({entity_id for entity_id in entity_ids if entity_id not in known})
    if unknown:
        existing = ", ".join(f"{e.id} ({e.name})" for e in list(known.values())[:LISTED_IN_MESSAGES]) or "none"
        raise BadRequest(f"No entity {', '.join(unknown)}; the application's entities are: {existing}.")
    return known
