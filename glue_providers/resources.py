"""What a provider's records look like, per Vault resource (contacts, companies, ...).

A small description written from each provider's API reference: where each field sits
in the provider's own record, its JSON type and an example value. The Vault builds its
resource schemas and example records from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

FieldType = Literal["string", "integer", "number", "boolean", "date-time", "date", "array", "object"]


@dataclass(frozen=True)
class ResourceField:
    path: str  # dotted, into the provider's record: "properties.email"
    type: FieldType
    example: Any


@dataclass(frozen=True)
class ProviderResource:
    id: str  # the Vault's name for it
    name: str
    downstream_id: str  # the provider's name for it
    downstream_name: str
    fields: tuple[ResourceField, ...]


def fields(*specs: tuple[str, FieldType, Any]) -> tuple[ResourceField, ...]:
    return tuple(ResourceField(*spec) for spec in specs)
