"""Who authorized a HubSpot connection: the token's own details
(https://developers.hubspot.com/docs/api/oauth/tokens, ``GET /oauth/v1/access-tokens/{token}``), then the
V3 owner with that user's email (https://developers.hubspot.com/docs/api/crm/owners), which is what
Supaglue's provider user id names for HubSpot."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote


def authorizing_user(get_json: Callable[..., dict], credentials: dict) -> dict:
    access_token = credentials["access_token"]
    details = get_json(f"/oauth/v1/access-tokens/{quote(access_token, safe='')}")
    owners = get_json("/crm/v3/owners", email=str(details.get("user", "")))
    owner = next(iter(owners.get("results") or []), None)
    owner = owner if isinstance(owner, dict) and "id" in owner else None
    view = {"user_id": str(owner["id"]) if owner else str(details.get("user_id", "")),
            "raw_details": {key: value for key, value in details.items() if key != "token"}}
    if owner:
        view["additional_raw_details"] = owner
    return view
