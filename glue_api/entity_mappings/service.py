"""Entity mappings: which provider object and fields make an entity, per connection.

The application's default is the provider config's ``entity_mappings``; a customer's mapping
(``upsertEntityMapping``) overrides it. How the two merge is ``glue_api.entities.apply``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from glue_api.entities.apply import MergedEntityMapping, merge_entity_mapping
from glue_api.entities.schemas import ConnectionEntityMappingWrite, ProviderEntityMapping
from glue_api.entity_mappings.events import (
    ENTITY_MAPPING_CREATED,
    ENTITY_MAPPING_DELETED,
    ENTITY_MAPPING_UPDATED,
    record_entity_mapping_event,
)
from glue_api.entities.service import check_entities_exist, get_entity, list_entities
from glue_api.errors import BadRequest, NotFound
from glue_api.models import Connection, ConnectionEntityMapping, Entity, ProviderConfig
from glue_providers import registry


def _check_object(provider_name: str, mapped) -> None:
    """The object must be one the provider has, where Glue knows its objects (its spec lists them)."""
    spec = registry.find(provider_name)
    if mapped is None or spec is None or not spec.objects:
        return
    if mapped.type == "standard" and mapped.name not in spec.objects:
        raise BadRequest(f"{spec.title} has no standard object {mapped.name}; its standard objects are "
                         f"{', '.join(spec.objects)} (names are case-sensitive).")
    if mapped.type == "custom" and not spec.custom_objects:
        raise BadRequest(f"{spec.title} has no custom objects; map the entity to one of its standard objects "
                         f"({', '.join(spec.objects)}).")


def _check_fields(entity: Entity, mapping) -> None:
    fields = [f["name"] for f in entity.config.get("fields", [])]
    if entity.config.get("allow_additional_field_mappings"):
        return
    extra = [m.entity_field for m in mapping.field_mappings or [] if m.entity_field not in fields]
    if extra:
        raise BadRequest(f"Entity {entity.name} has no field {', '.join(extra)} and does not allow additional "
                         f"field mappings; its fields are {', '.join(fields) or 'none'}.")


def check_provider_entity_mappings(
    session: Session, application_id: str, provider_name: str, mappings: list[ProviderEntityMapping]
) -> None:
    """The application's default mappings in a provider config: of its own entities, once each, allowed fields."""
    entities = check_entities_exist(session, application_id, [m.entity_id for m in mappings])
    seen: set[str] = set()
    for mapping in mappings:
        if mapping.entity_id in seen:
            raise BadRequest(f"entity_mappings map entity {mapping.entity_id} more than once.")
        seen.add(mapping.entity_id)
        _check_object(provider_name, mapping.object)
        _check_fields(entities[mapping.entity_id], mapping)


def _customer_rows(session: Session, connection: Connection) -> dict[str, ConnectionEntityMapping]:
    rows = session.execute(
        select(ConnectionEntityMapping).where(ConnectionEntityMapping.connection_id == connection.id)
    ).scalars()
    return {row.entity_id: row for row in rows}


def _as_mapping(row: ConnectionEntityMapping) -> dict:
    """As ``connection_entity_mapping`` shows it: parts the customer did not set are left out."""
    mapping = {"entity_id": row.entity_id}
    if row.object is not None:
        mapping["object"] = row.object
    if row.field_mappings is not None:
        mapping["field_mappings"] = row.field_mappings
    return mapping


def customer_entity_mappings(session: Session, connection: Connection) -> list[dict]:
    return [_as_mapping(row) for _, row in sorted(_customer_rows(session, connection).items())]


def merged_mappings(session: Session, connection: Connection) -> list[MergedEntityMapping]:
    """Every entity of the application, with the merged mapping of this connection (fields unmapped where none)."""
    provider = session.get(ProviderConfig, connection.provider_id)
    developer = {m["entity_id"]: m for m in provider.entity_mappings or []}
    customer = _customer_rows(session, connection)
    return [
        merge_entity_mapping(e.id, e.name, e.config, developer.get(e.id),
                             _as_mapping(customer[e.id]) if e.id in customer else None)
        for e in list_entities(session, connection.application_id)
    ]


def merged_view(merged: MergedEntityMapping) -> dict:
    view = {
        "entity_id": merged.entity_id,
        "entity_name": merged.entity_name,
        "allow_additional_field_mappings": merged.allow_additional_field_mappings,
        "field_mappings": [],
    }
    if merged.object:
        view["object"] = {"type": merged.object["type"], "name": merged.object["name"], "from": merged.object_origin}
    for field in merged.fields:
        shown = {"entity_field": field.entity_field, "is_additional": field.is_additional}
        if field.mapped_field:
            shown |= {"mapped_field": field.mapped_field, "from": field.origin}
        view["field_mappings"].append(shown)
    return view


def upsert_entity_mapping(
    session: Session, connection: Connection, entity_id: str, body: ConnectionEntityMappingWrite
) -> None:
    """Replaces the customer's mapping of the entity (404 for an entity the application does not have)."""
    entity = get_entity(session, connection.application_id, entity_id)
    if body.entity_id != entity_id:
        raise BadRequest(f"The body's entity_id ({body.entity_id}) is not the path's ({entity_id}).")
    _check_object(connection.provider_name, body.object)
    _check_fields(entity, body)
    row = session.get(ConnectionEntityMapping, (connection.id, entity.id))
    created = row is None
    if created:
        row = ConnectionEntityMapping(connection_id=connection.id, entity_id=entity.id)
        session.add(row)
    row.object = body.object.model_dump() if body.object else None
    row.field_mappings = [m.model_dump() for m in body.field_mappings] if body.field_mappings is not None else None
    record_entity_mapping_event(session, connection, row, ENTITY_MAPPING_CREATED if created else ENTITY_MAPPING_UPDATED)
    session.flush()


def delete_entity_mapping(session: Session, connection: Connection, entity_id: str) -> None:
    """Removes the customer's override; the application's default mapping, if any, applies again."""
    row = session.get(ConnectionEntityMapping, (connection.id, entity_id))
    if row is None:
        raise NotFound(f"Customer has no mapping of entity {entity_id} on their {connection.provider_name} connection.")
    record_entity_mapping_event(session, connection, row, ENTITY_MAPPING_DELETED)
    session.delete(row)
    session.flush()
