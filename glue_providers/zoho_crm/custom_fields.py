"""Zoho CRM's custom fields of Leads, Contacts, Accounts and Deals, from the field metadata
(``GET /crm/v5/settings/fields?module=``, https://www.zoho.com/crm/developer/docs/api/v5/field-meta.html):
the fields with ``custom_field: true``, whose values records carry at the top level under their API name."""

from __future__ import annotations

from collections.abc import Callable

MODULES = ("Leads", "Contacts", "Accounts", "Deals")


def custom_fields(get_json: Callable[..., dict], object_name: str) -> list[dict]:
    if object_name not in MODULES:  # users have no custom fields in the field metadata
        return []
    return [
        {"id": f["api_name"], "name": f.get("field_label") or f.get("display_label") or f["api_name"],
         "description": f.get("tooltip", {}).get("value") if isinstance(f.get("tooltip"), dict) else None,
         "finder": f"$.{f['api_name']}"}
        for f in get_json("/crm/v5/settings/fields", module=object_name).get("fields") or []
        if isinstance(f, dict) and f.get("custom_field") is True and f.get("api_name")
    ]
