"""The Vault's view of a provider's records, per resource (contacts, companies, ...).

Each provider describes its records in its folder (``vault_resources`` of its spec, see
glue_providers.resources); the resource schema and example endpoints are built from that,
so the custom-mapping UI can offer JSONPath finders into the provider's record.
"""

from __future__ import annotations
from glue_providers import registry
from glue_providers.resources import ProviderResource, ResourceField


__all__ = ["ProviderResource", "ResourceField", "example_record", "json_schema", "resources_of"]

JSON_TYPES: dict[str, dict] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date-time": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "array": {"type": "array"},
    "object": {"type": "object"},
}


def resources_of(service_id: str) -> dict[str, ProviderResource]:
    spec = registry.find(service_id)
    return {resource.id: resource for resource in spec.vault_resources} if spec else {}


def json_schema(resource: ProviderResource, title: str) -> dict:
    """An approximate JSON Schema of the provider's record: every described field, nested by its path."""
    root: dict = {"type": "object", "properties": {}}
    for field in resource.fields:
        *parents, leaf = field.path.split(".")
        node = root
        for parent in parents:
            node = node["properties"].setdefault(parent, {"type": "object", "properties": {}})
        node["properties"][leaf] = dict(JSON_TYPES[field.type])
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title} | root


def example_record(resource: ProviderResource) -> dict:
    record: dict = {}
    for field in resource.fields:
        *parents, leaf = field.path.split(".")
        node = record
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = field.example
    return record
