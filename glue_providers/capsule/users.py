"""Who authorized a Capsule connection: ``GET /api/v2/users/current`` answers the user the access token acts
for (https://developer.capsulecrm.com/v2/operations/User#showCurrentUser)."""

from __future__ import annotations

from collections.abc import Callable


def authorizing_user(get_json: Callable[..., dict], credentials: dict) -> dict:
    user = get_json("/api/v2/users/current").get("user") or {}
    if not isinstance(user, dict) or user.get("id") is None:
        raise ValueError("Capsule did not say which user the token acts for")
    return {"user_id": str(user["id"]), "raw_details": user}
