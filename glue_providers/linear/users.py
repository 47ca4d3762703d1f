"""Who authorized a Linear connection: the GraphQL ``viewer``, the user the token acts for
(https://linear.app/developers/graphql: "viewer" is the authenticated user)."""

from __future__ import annotations

VIEWER_QUERY = "query { viewer { id name displayName email admin organization { id name urlKey } } }"


def authorizing_user(get_json, credentials: dict) -> dict:
    answer = get_json.post("/graphql", {"query": VIEWER_QUERY})
    viewer = (answer.get("data") or {}).get("viewer")
    if answer.get("errors") or not isinstance(viewer, dict) or not viewer.get("id"):
        raise ValueError("Linear did not say which user the token acts for")
    return {"user_id": str(viewer["id"]), "raw_details": viewer}
