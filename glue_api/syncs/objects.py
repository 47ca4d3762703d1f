"""Which objects a connection syncs, and into which tables: the sync config with the connection's overrides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

OBJECT_TYPES = ("standard", "custom", "common")
ENTITY = "entity"  # an entity sync's object type; its object is the entity's id


@dataclass(frozen=True)
class SyncedObject:
    object_type: str
    object: str
    table: str | None  # the connection's own table name, if it set one


def synced_objects(sync_config: dict[str, Any], overrides: dict[str, Any] | None) -> list[SyncedObject]:
    """A connection's object list, where present, replaces the sync config's list of that type (common
    objects come from the sync config alone: a connection's settings have no list of them)."""
    found = []
    for object_type in OBJECT_TYPES:
        key = f"{object_type}_objects"
        items = (overrides or {}).get(key)
        if items is None:
            items = sync_config.get(key) or []
        for item in items:
            found.append(SyncedObject(object_type, item["object"], item.get("table")))
    found += [SyncedObject(ENTITY, item["entity_id"], None) for item in sync_config.get("entities") or []]
    return found


def default_table_name(provider_name: str, object_name: str) -> str:
    return f"{provider_name}_{object_name}".lower()


def strategy_for(sync_config: dict[str, Any], object_type: str, object_name: str) -> dict[str, Any]:
    """The default strategy with the object's own override on top."""
    strategy = dict(sync_config.get("default_config") or {})
    for item in sync_config.get(f"{object_type}_objects") or []:
        if item.get("object") == object_name and item.get("sync_strategy_override"):
            strategy |= item["sync_strategy_override"]
    return strategy
