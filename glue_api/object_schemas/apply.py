"""How a schema and a customer's field mappings pick and rename the fields of a provider's records.

Pure functions over plain data: a schema's stored ``config`` ({fields: [{name, mapped_name?}],
allow_additional_field_mappings}), the customer's stored field mappings for the object
([{schema_field, mapped_field?}]) and the provider's records as they land in ``raw_data``. No
database, no engine: the API lists what ``merged_fields`` computes (``listFieldMappings``) and the
sync engine lands what ``schema_mapper`` returns, so both always agree.

Rules:
- each schema field lands under its own name, read from the provider field the schema maps it
  to (``mapped_name``), else from the one the customer maps it to; mapped by neither, it lands as None;
- with ``allow_additional_field_mappings``, the customer's mappings of fields the schema lacks land too;
- a customer's mapping the schema does not allow (the schema maps that field itself, or the field is
  not in the schema and additions are off) is ignored: the schema may have changed since it was set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# HubSpot keeps an object's fields under "properties"; a field not at the top level is looked for there.
NESTED_FIELDS_KEY = "properties"


@dataclass(frozen=True)
class MergedField:
    """One field of an object's mapping, as ``merged_field_map`` shows it."""

    name: str
    is_added_by_customer: bool
    schema_mapped_name: str | None = None
    customer_mapped_name: str | None = None

    @property
    def provider_field(self) -> str | None:
        return self.schema_mapped_name or self.customer_mapped_name


def merged_fields(
    schema_config: Mapping[str, Any], customer_field_mappings: Iterable[Mapping[str, Any]] | None
) -> list[MergedField]:
    """The schema's fields in its order, each with its mapping, then the customer's additional fields."""
    customer = {m["schema_field"]: m.get("mapped_field") for m in customer_field_mappings or []}
    fields = []
    for field in schema_config.get("fields", []):
        schema_mapped = field.get("mapped_name") or None
        customer_mapped = None if schema_mapped else (customer.get(field["name"]) or None)
        fields.append(MergedField(field["name"], False, schema_mapped, customer_mapped))
    if schema_config.get("allow_additional_field_mappings"):
        known = {field.name for field in fields}
        fields += [
            MergedField(name, True, None, mapped or None) for name, mapped in customer.items() if name not in known
        ]
    return fields


def provider_value(record: Mapping[str, Any], provider_field: str) -> Any:
    """A provider field's value: a top-level key, else a dotted path into nested objects, else the key
    under ``properties`` (HubSpot); None where the record has no such field."""
    if provider_field in record:
        return record[provider_field]
    if "." in provider_field:
        node: Any = record
        for part in provider_field.split("."):
            if not isinstance(node, Mapping) or part not in node:
                break
            node = node[part]
        else:
            return node
    nested = record.get(NESTED_FIELDS_KEY)
    if isinstance(nested, Mapping):
        return nested.get(provider_field)
    return None


def schema_mapper(
    schema_config: Mapping[str, Any], customer_field_mappings: Iterable[Mapping[str, Any]] | None
) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """A function from one provider record to its mapped fields ({schema field name: value}); the merge
    is done once, so the engine calls it per record at little cost."""
    pairs = [(field.name, field.provider_field) for field in merged_fields(schema_config, customer_field_mappings)]

    def mapped(record: Mapping[str, Any]) -> dict[str, Any]:
        return {name: provider_value(record, source) if source else None for name, source in pairs}

    return mapped


def map_records(
    schema_config: Mapping[str, Any],
    customer_field_mappings: Iterable[Mapping[str, Any]] | None,
    records: Iterable[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """The mapped fields of each record, in order."""
    mapped = schema_mapper(schema_config, customer_field_mappings)
    return [mapped(record) for record in records]
