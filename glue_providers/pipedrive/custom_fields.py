"""Pipedrive's custom fields of persons, organizations, deals and leads, from the v1 field lists
(https://developers.pipedrive.com/docs/api/v1/PersonFields, .../OrganizationFields, .../DealFields).

A custom field is one the company created (``edit_flag: true``), keyed by a 40-character hash. Leads
share the deals' fields. Glue reads persons, organizations and deals through API v2, which puts custom
values under ``custom_fields``; v1 leads carry them at the top level.
"""

from __future__ import annotations

from collections.abc import Callable

FIELD_LISTS = {"persons": "personFields", "organizations": "organizationFields", "deals": "dealFields",
               "leads": "dealFields"}
V2_OBJECTS = {"persons", "organizations", "deals"}
PAGE_SIZE = 500  # the most a field list answers at once
MAX_PAGES = 100  # a provider that never says "no more items" must not keep Glue reading forever


def custom_fields(get_json: Callable[..., dict], object_name: str) -> list[dict]:
    field_list = FIELD_LISTS.get(object_name)
    if field_list is None:  # users have no custom fields
        return []
    finder = "$.custom_fields.{}" if object_name in V2_OBJECTS else "$.{}"
    found, start = [], 0
    for _ in range(MAX_PAGES):
        page = get_json(f"/v1/{field_list}", start=start, limit=PAGE_SIZE)
        found += [
            {"id": f["key"], "name": f.get("name") or f["key"], "description": f.get("description") or None,
             "finder": finder.format(f["key"])}
            for f in page.get("data") or [] if isinstance(f, dict) and f.get("edit_flag") is True and f.get("key")
        ]
        paging = (page.get("additional_data") or {}).get("pagination") or {}
        if not paging.get("more_items_in_collection") or not isinstance(paging.get("next_start"), int):
            break
        start = paging["next_start"]
    return found
