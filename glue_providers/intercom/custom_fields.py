"""Intercom's custom data attributes of contacts, companies and conversations, from
``GET /data_attributes?model=`` (https://developers.intercom.com/docs/references/rest-api/api.intercom.io/data-attributes).

A custom attribute (``custom: true``) lives in a record's ``custom_attributes`` under its ``name``; archived
ones are left out. Admins have none.
"""

from __future__ import annotations

from collections.abc import Callable

MODELS = {"contacts": "contact", "companies": "company", "conversations": "conversation"}


def custom_fields(get_json: Callable[..., dict], object_name: str) -> list[dict]:
    model = MODELS.get(object_name)
    if model is None:
        return []
    answer = get_json("/data_attributes", model=model)
    return [
        {"id": str(a.get("id") or a["name"]), "name": a.get("label") or a["name"],
         "description": a.get("description") or None, "finder": f"$.custom_attributes.{a['name']}"}
        for a in answer.get("data") or []
        if isinstance(a, dict) and a.get("custom") is True and not a.get("archived") and a.get("name")
    ]
