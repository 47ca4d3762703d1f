"""Who authorized a Dynamics connection and which columns the customer added, from Dataverse's Web API.

- ``GET /api/data/v9.2/WhoAmI``: ``UserId`` is the signed-in user's ``systemuserid``
  (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/whoami);
  the user's ``systemusers`` row comes along as the additional details.
- ``GET /api/data/v9.2/EntityDefinitions(LogicalName='<table>')/Attributes`` filtered on
  ``IsCustomAttribute eq true``: the customer's own columns
  (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api).
  Their values sit at the top level of each record, under their logical name.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from glue_providers.ms_dynamics_365_sales.source.settings import API_ROOT, TABLES

GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
LOGICAL_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def authorizing_user(get_json: Callable[..., dict], credentials: dict) -> dict:
    who = get_json(f"{API_ROOT}/WhoAmI")
    user_id = str(who.get("UserId") or "")
    view = {"user_id": user_id, "raw_details": {k: v for k, v in who.items() if not k.startswith("@odata")}}
    if GUID.match(user_id):  # only a GUID goes into the URL
        view["additional_raw_details"] = get_json(
            f"{API_ROOT}/systemusers({user_id})",
            **{"$select": "systemuserid,fullname,internalemailaddress,domainname"})
    return view


def custom_fields(get_json: Callable[..., dict], object_name: str) -> list[dict]:
    if object_name not in TABLES or not LOGICAL_NAME.match(object_name):
        return []
    answer = get_json(f"{API_ROOT}/EntityDefinitions(LogicalName='{object_name}')/Attributes", **{
        "$select": "LogicalName,SchemaName,DisplayName,Description,AttributeType,IsCustomAttribute",
        "$filter": "IsCustomAttribute eq true",
    })
    found = []
    for attribute in answer.get("value") or []:
        if not isinstance(attribute, dict) or attribute.get("IsCustomAttribute") is not True:
            continue
        name = attribute.get("LogicalName")
        if not isinstance(name, str) or not name:
            continue
        found.append({"id": name, "name": _label(attribute.get("DisplayName")) or name,
                      "description": _label(attribute.get("Description")), "finder": f"$.{name}"})
    return found


def _label(label: object) -> str | None:
    """The user's language label of a Dataverse Label, else its first localized one."""
    if not isinstance(label, dict):
        return None
    chosen = label.get("UserLocalizedLabel") or next(iter(label.get("LocalizedLabels") or []), None)
    text = chosen.get("Label") if isinstance(chosen, dict) else None
    return text if isinstance(text, str) and text else None
