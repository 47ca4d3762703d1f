"""Capsule's custom fields of parties and opportunities, from ``GET /api/v2/{parties|opportunities}/fields/definitions``
(https://developer.capsulecrm.com/v2/operations/Custom_Field).

A record lists its values (with ``embed=fields``, as Glue reads them) under ``fields``, each naming its
``definition`` by id, so the finder selects the value whose definition has the field's id. Users have none.
"""

from __future__ import annotations

from collections.abc import Callable

ENTITIES = ("parties", "opportunities")


def custom_fields(get_json: Callable[..., dict], object_name: str) -> list[dict]:
    if object_name not in ENTITIES:
        return []
    found = []
    for definition in get_json(f"/api/v2/{object_name}/fields/definitions").get("definitions") or []:
        if isinstance(definition, dict) and definition.get("id") is not None and definition.get("name"):
            field_id = definition["id"]
            found.append({"id": str(field_id), "name": definition["name"],
                          "description": definition.get("description") or definition.get("type") or None,
                          "finder": f"$.fields[?(@.definition.id=={field_id})].value"})
    return found
