"""How an entity mapping turns a provider's records into an entity's fields.

Pure functions over plain data: an entity's stored ``config`` ({fields: [{name}],
allow_additional_field_mappings}), the application's default mapping (the provider config's
``entity_mappings`` item) and the customer's mapping (``upsertEntityMapping``), each
{entity_id, object?: {type, name}, field_mappings?: [{entity_field, mapped_field}]}. The API
lists what ``merge_entity_mapping`` computes (``listEntityMappings``, with ``from``) and the sync
engine reads ``MergedEntityMapping.object`` and lands what ``entity_mapper`` returns.

Rules: the customer's mapping overrides the application's, object and field by field (a field
the customer does not map keeps the application's mapping; a customer mapping without an object
keeps the application's object). Each entity field lands under its own name, None where nothing
maps it. Additional fields (not in the entity) land only while the entity allows them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from glue_api.object_schemas.apply import provider_value

Origin = Literal["developer", "customer"]


@dataclass(frozen=True)
class MergedEntityField:
    entity_field: str
    is_additional: bool
    mapped_field: str | None = None
    origin: Origin | None = None  # who set mapped_field ("from" on the wire)


@dataclass(frozen=True)
class MergedEntityMapping:
    entity_id: str
    entity_name: str
    allow_additional_field_mappings: bool
    object: Mapping[str, str] | None = None  # {type: standard | custom, name}: what the engine reads
    object_origin: Origin | None = None
    fields: list[MergedEntityField] = field(default_factory=list)


def merge_entity_mapping(
    entity_id: str,
    entity_name: str,
    entity_config: Mapping[str, Any],
    developer: Mapping[str, Any] | None,
    customer: Mapping[str, Any] | None,
) -> MergedEntityMapping:
    allow_additional = bool(entity_config.get("allow_additional_field_mappings"))
    fields: dict[str, MergedEntityField] = {
        f["name"]: MergedEntityField(f["name"], False) for f in entity_config.get("fields", [])
    }
    core = set(fields)
    target, target_origin = None, None
    for mapping, origin in ((developer, "developer"), (customer, "customer")):
        if not mapping:
            continue
        if mapping.get("object"):
            target, target_origin = dict(mapping["object"]), origin
        for item in mapping.get("field_mappings") or []:
            name = item["entity_field"]
            if name not in core and not allow_additional:
                continue
            fields[name] = MergedEntityField(name, name not in core, item.get("mapped_field") or None, origin)
    return MergedEntityMapping(entity_id, entity_name, allow_additional, target, target_origin, list(fields.values()))


def entity_mapper(merged: MergedEntityMapping) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """A function from one record of the mapped object to the entity's fields ({entity field: value})."""
    pairs = [(f.entity_field, f.mapped_field) for f in merged.fields]

    def mapped(record: Mapping[str, Any]) -> dict[str, Any]:
        return {name: provider_value(record, source) if source else None for name, source in pairs}

    return mapped


def map_entity_records(merged: MergedEntityMapping, records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    mapped = entity_mapper(merged)
    return [mapped(record) for record in records]
