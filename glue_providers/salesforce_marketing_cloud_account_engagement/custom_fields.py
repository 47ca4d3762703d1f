"""Account Engagement's custom prospect fields, from ``GET /api/v5/objects/custom-fields`` (Custom Field
object of API v5). A prospect carries each value at the top level under the field's API name (``fieldId``),
which is how Glue's source asks for it. Other objects have none.
"""

from __future__ import annotations

from collections.abc import Callable

from glue_providers.salesforce_marketing_cloud_account_engagement.api import API, MAX_LIMIT

FIELDS = "id,name,fieldId,type,isRequired"
MAX_PAGES = 1000


def custom_fields(get_json: Callable[..., dict], object_name: str) -> list[dict]:
    if object_name != "prospects":
        return []
    found, params = [], {"fields": FIELDS, "limit": MAX_LIMIT}
    for _ in range(MAX_PAGES):
        body = get_json(f"{API}/custom-fields", **params)
        for field in body.get("values") or []:
            if isinstance(field, dict) and field.get("id") is not None and field.get("fieldId"):
                found.append({"id": str(field["id"]), "name": field.get("name") or field["fieldId"],
                              "description": field.get("type") or None, "finder": f"$.{field['fieldId']}"})
        if not body.get("nextPageToken"):
            break
        params = {"nextPageToken": body["nextPageToken"]}
    return found
