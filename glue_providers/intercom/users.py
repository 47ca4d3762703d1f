"""Who authorized an Intercom connection: ``GET /me`` answers the admin the access token belongs to, with
the workspace it was granted in (https://developers.intercom.com/docs/references/rest-api/api.intercom.io/admins/identifyadmin)."""

from __future__ import annotations

from collections.abc import Callable


def authorizing_admin(get_json: Callable[..., dict], credentials: dict) -> dict:
    admin = get_json("/me")
    if not admin.get("id"):
        raise ValueError("Intercom's /me answer names no admin")
    return {"user_id": str(admin["id"]), "raw_details": admin}
