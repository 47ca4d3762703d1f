"""Request bodies of /entities and /entity_mappings (and the provider config's default entity mappings)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from glue_api.object_schemas.schemas import MAX_FIELDS, FieldName, Name, ProviderField, repeated
from glue_api.schemas import RequestBody

ENTITY_TABLE_PREFIX = "entity_"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MAX_ENTITY_NAME = 63 - len(ENTITY_TABLE_PREFIX)  # PostgreSQL truncates longer table names


def _table_suffix(name: str) -> str:
    # An entity lands in the table entity_<name>: only names that make a plain SQL identifier.
    if len(name) > MAX_ENTITY_NAME or not _IDENTIFIER.fullmatch(name):
        raise ValueError(
            f"must be letters, digits and underscores, not starting with a digit, at most {MAX_ENTITY_NAME} "
            f"characters (the entity lands in the table {ENTITY_TABLE_PREFIX}<name>)"
        )
    return name


class EntityField(RequestBody):
    name: FieldName


class EntityConfig(RequestBody):
    fields: Annotated[list[EntityField], Field(max_length=MAX_FIELDS)]
    allow_additional_field_mappings: bool

    @model_validator(mode="after")
    def _fields_named_once(self) -> "EntityConfig":
        if twice := repeated([f.name for f in self.fields]):
            raise ValueError(f"fields name {', '.join(twice)} more than once")
        return self


class EntityWrite(RequestBody):
    name: Annotated[str, AfterValidator(_table_suffix)]
    config: EntityConfig


class EntityFieldMapping(RequestBody):
    entity_field: FieldName
    mapped_field: ProviderField


class MappedObject(RequestBody):
    type: Literal["standard", "custom"]
    name: Name


class StandardObject(MappedObject):
    type: Literal["standard"]


class _EntityMapping(RequestBody):
    entity_id: Name
    field_mappings: Annotated[list[EntityFieldMapping], Field(max_length=MAX_FIELDS)] | None = None

    @model_validator(mode="after")
    def _fields_mapped_once(self):
        if twice := repeated([m.entity_field for m in self.field_mappings or []]):
            raise ValueError(f"field_mappings map {', '.join(twice)} more than once")
        return self


class ConnectionEntityMappingWrite(_EntityMapping):
    """A customer's mapping (``connection_entity_mapping``): a standard or a custom object."""

    object: MappedObject | None = None


class ProviderEntityMapping(_EntityMapping):
    """The application's default mapping, in the provider config (``provider_entity_mapping``): standard objects."""

    object: StandardObject | None = None
