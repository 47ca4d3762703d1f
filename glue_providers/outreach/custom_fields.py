"""Outreach's custom fields: prospects and accounts carry ``custom1`` .. ``custom150`` attributes
(https://developers.outreach.io/api/reference/tag/Prospect/ and .../Account/). Each organization labels
the ones it uses in Outreach's settings, which the API does not expose, so fields are named by their
attributes. One record is read live (``page[size]=1``): it proves the connection's access, and any
custom attribute the API shows beyond the reference's 150 is listed too. Other objects have none."""

from __future__ import annotations

import re
from collections.abc import Callable

REFERENCE_COUNT = 150
WITH_CUSTOM_FIELDS = ("prospects", "accounts")
CUSTOM_ATTRIBUTE = re.compile(r"custom([1-9][0-9]*)")


def custom_fields(get_json: Callable[..., dict], object_name: str) -> list[dict]:
    if object_name not in WITH_CUSTOM_FIELDS:
        return []
    page = get_json(f"/api/v2/{object_name}", **{"page[size]": 1, "count": "false"})
    numbers = set(range(1, REFERENCE_COUNT + 1))
    for record in page.get("data") or []:
        attributes = record.get("attributes") if isinstance(record, dict) else None
        for name in attributes or {}:
            found = CUSTOM_ATTRIBUTE.fullmatch(name)
            if found:
                numbers.add(int(found.group(1)))
    return [{"id": f"custom{n}", "name": f"Custom {n}", "description": None, "finder": f"$.attributes.custom{n}"}
            for n in sorted(numbers)]
