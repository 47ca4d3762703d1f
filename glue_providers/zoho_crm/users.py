"""Who authorized a Zoho CRM connection: ``GET /crm/v5/users?type=CurrentUser``
(https://www.zoho.com/crm/developer/docs/api/v5/get-users.html), the user whose token Glue holds."""

from __future__ import annotations

from collections.abc import Callable


def authorizing_user(get_json: Callable[..., dict], credentials: dict) -> dict:
    users = get_json("/crm/v5/users", type="CurrentUser").get("users") or []
    user = users[0]
    return {"user_id": str(user["id"]), "raw_details": user}
