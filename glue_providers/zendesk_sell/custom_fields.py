"""Zendesk Sell's custom fields of contacts, leads and deals, from ``GET /v2/{contact|lead|deal}/custom_fields``
(https://developer.zendesk.com/api-reference/sales-crm/resources/custom-fields/).

A record carries its custom values under ``custom_fields``, keyed by the field's name (not its id), so the
finder names the field. Users have none.
"""

from __future__ import annotations

from collections.abc import Callable

FIELD_LISTS = {"contacts": "contact", "leads": "lead", "deals": "deal"}


def custom_fields(get_json: Callable[..., dict], object_name: str) -> list[dict]:
    resource = FIELD_LISTS.get(object_name)
    if resource is None:
        return []
    found = []
    for item in get_json(f"/v2/{resource}/custom_fields").get("items") or []:
        field = item.get("data") if isinstance(item, dict) else None
        if isinstance(field, dict) and field.get("id") is not None and field.get("name"):
            found.append({"id": str(field["id"]), "name": field["name"], "description": field.get("type") or None,
                          "finder": f"$.custom_fields.{field['name']}"})
    return found
