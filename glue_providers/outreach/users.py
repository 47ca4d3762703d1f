"""Who authorized an Outreach connection: the API root (``GET /api/v2``) answers, for the token it is
called with, ``meta.user``, the Outreach user the token acts for (https://developers.outreach.io/api/)."""

from __future__ import annotations

from collections.abc import Callable


class NoAuthorizingUser(LookupError):
    pass


def authorizing_user(get_json: Callable[..., dict], credentials: dict) -> dict:
    meta = get_json("/api/v2").get("meta") or {}
    user = meta.get("user") if isinstance(meta, dict) else None
    if not isinstance(user, dict) or user.get("id") in (None, ""):
        raise NoAuthorizingUser("Outreach's API root did not name the user the token acts for")
    return {"user_id": str(user["id"]), "raw_details": user}
