"""Who authorized a Zendesk Sell connection: ``GET /v2/users/self`` answers the user the access token acts
for (https://developer.zendesk.com/api-reference/sales-crm/resources/users/, "Retrieve an authenticating user")."""

from __future__ import annotations

from collections.abc import Callable


def authorizing_user(get_json: Callable[..., dict], credentials: dict) -> dict:
    user = get_json("/v2/users/self").get("data") or {}
    if not isinstance(user, dict) or user.get("id") is None:
        raise ValueError("Zendesk Sell did not say which user the token acts for")
    return {"user_id": str(user["id"]), "raw_details": user}
