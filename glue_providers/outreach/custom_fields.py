"""Outreach's custom fields: prospects and accounts carry ``custom1`` .. ``custom150`` attributes
(https://developers.outreach.io/api/reference/tag/Prospect/ and .../Account/); each organization labels
the ones it uses in Outreach's settings, which the API does not expose, so the Vault lists all of them by
their attribute names. Other objects have none."""

from __future__ import annotations

from collections.abc import Callable

CUSTOM_FIELD_COUNT = 150
WITH_CUSTOM_FIELDS = ("prospects", "accounts")


def custom_fields(get_json: Callable[..., dict], object_name: str) -> list[dict]:
    if object_name not in WITH_CUSTOM_FIELDS:
        return []
    return [{"id": f"custom{n}", "name": f"Custom {n}", "description": None, "finder": f"$.attributes.custom{n}"}
            for n in range(1, CUSTOM_FIELD_COUNT + 1)]
