"""Request bodies of /schemas and /field_mappings, and the field names both entities and schemas use."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from glue_api.schemas import RequestBody

# Landed next to Glue's own columns and the record's id: a field may not take their names.
RESERVED_PREFIXES = ("_glue_", "_supaglue_")
RESERVED_NAMES = ("id",)
MAX_FIELDS = 1000


def _not_reserved(name: str) -> str:
    if name.lower() in RESERVED_NAMES or name.lower().startswith(RESERVED_PREFIXES):
        raise ValueError(f"{name!r} is reserved (id and names starting with _glue_ or _supaglue_ are Glue's columns)")
    return name


FieldName = Annotated[str, Field(min_length=1, max_length=255), AfterValidator(_not_reserved)]
ProviderField = Annotated[str, Field(min_length=1, max_length=255)]
Name = Annotated[str, Field(min_length=1, max_length=255)]


def repeated(names: list[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({name for name in names if name in seen or seen.add(name)})


class SchemaField(RequestBody):
    name: FieldName
    mapped_name: ProviderField | None = None


class SchemaConfig(RequestBody):
    fields: Annotated[list[SchemaField], Field(max_length=MAX_FIELDS)]
    allow_additional_field_mappings: bool

    @model_validator(mode="after")
    def _fields_named_once(self) -> "SchemaConfig":
        if twice := repeated([f.name for f in self.fields]):
            raise ValueError(f"fields name {', '.join(twice)} more than once")
        return self


class SchemaWrite(RequestBody):
    name: Name
    config: SchemaConfig


class ObjectFieldMapping(RequestBody):
    schema_field: FieldName
    mapped_field: ProviderField | None = None


class ObjectFieldMappingsUpdate(RequestBody):
    name: Name
    type: Literal["common", "standard"]
    field_mappings: Annotated[list[ObjectFieldMapping], Field(max_length=MAX_FIELDS)]

    @model_validator(mode="after")
    def _fields_mapped_once(self) -> "ObjectFieldMappingsUpdate":
        if twice := repeated([m.schema_field for m in self.field_mappings]):
            raise ValueError(f"field_mappings map {', '.join(twice)} more than once")
        return self
