"""Salesforce's REST API beyond the sync: the API version Glue speaks, the org's limits
(https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm) and
the custom fields of an sObject's Describe (``custom: true``)."""

from __future__ import annotations

from collections.abc import Callable

from glue_providers.rate_limits import whole_number

API_VERSION = "v60.0"
LIMITS_PATH = f"/services/data/{API_VERSION}/limits/"


def rate_limit_info(limits: dict) -> dict:
    """The org's daily API request allowance, from the limits resource's ``DailyApiRequests``."""
    daily = limits.get("DailyApiRequests")
    if not isinstance(daily, dict):
        return {}
    limit, remaining = whole_number(daily.get("Max")), whole_number(daily.get("Remaining"))
    return {} if limit is None or remaining is None else {"daily": {"limit": limit, "remaining": remaining}}


def custom_fields(get_json: Callable[..., dict], sobject: str) -> list[dict]:
    describe = get_json(f"/services/data/{API_VERSION}/sobjects/{sobject}/describe")
    return [
        {"id": f["name"], "name": f.get("label") or f["name"], "description": None, "finder": f"$.{f['name']}"}
        for f in describe.get("fields", []) if isinstance(f, dict) and f.get("custom") and f.get("name")
    ]
