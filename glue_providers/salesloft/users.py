"""Who authorized a Salesloft connection: ``GET /v2/me`` (https://developers.salesloft.com/docs/api/me-index/),
the user the token acts for."""

from __future__ import annotations

from collections.abc import Callable


def authorizing_user(get_json: Callable[..., dict], credentials: dict) -> dict:
    user = get_json("/v2/me").get("data") or {}
    if not isinstance(user, dict) or user.get("id") is None:
        raise ValueError("Salesloft's /v2/me answered no user")
    return {"user_id": str(user["id"]), "raw_details": user}
