"""HubSpot's custom properties of an object (https://developers.hubspot.com/docs/api/crm/properties):
the ones HubSpot did not define itself (``hubspotDefined: false``)."""

from __future__ import annotations

from collections.abc import Callable

WITHOUT_PROPERTIES = {"owners"}  # owners are not CRM objects: no properties, so no custom ones


def custom_fields(get_json: Callable[..., dict], object_type: str) -> list[dict]:
    if object_type in WITHOUT_PROPERTIES:
        return []
    properties = get_json(f"/crm/v3/properties/{object_type}")
    return [
        {"id": p["name"], "name": p.get("label") or p["name"], "description": p.get("description") or None,
         "finder": f"$.properties.{p['name']}"}
        for p in properties.get("results", []) if isinstance(p, dict) and p.get("hubspotDefined") is False
    ]
