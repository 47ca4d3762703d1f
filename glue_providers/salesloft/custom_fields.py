"""Salesloft's custom fields of people and accounts (https://developers.salesloft.com/docs/api/custom-fields-index/):
``GET /v2/custom_fields?field_type=person`` (or ``company``, Salesloft's name for accounts). A record carries
its values in ``custom_fields``, keyed by the field's name."""

from __future__ import annotations

from collections.abc import Callable

FIELD_TYPES = {"people": "person", "accounts": "company"}
PER_PAGE = 100
MAX_PAGES = 50  # a provider that never says "no more pages" must not keep Glue reading forever


def custom_fields(get_json: Callable[..., dict], object_name: str) -> list[dict]:
    field_type = FIELD_TYPES.get(object_name)
    if field_type is None:  # users, cadences and memberships have none
        return []
    found, page = [], 1
    for _ in range(MAX_PAGES):
        answer = get_json("/v2/custom_fields", field_type=field_type, per_page=PER_PAGE, page=page)
        found += [
            {"id": str(f["id"]), "name": f["name"], "description": None, "finder": f"$.custom_fields.{f['name']}"}
            for f in answer.get("data") or []
            if isinstance(f, dict) and f.get("id") is not None and isinstance(f.get("name"), str) and f["name"]
        ]
        next_page = ((answer.get("metadata") or {}).get("paging") or {}).get("next_page")
        if not isinstance(next_page, int) or next_page <= page:
            break
        page = next_page
    return found
