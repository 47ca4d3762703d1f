"""HubSpot's OAuth endpoints: the install (consent) page, the v1 token endpoint, token metadata.

Token errors are HubSpot's own: HTTP 400 with ``{"status": "BAD_REFRESH_TOKEN",
"message": ...}`` (or BAD_AUTH_CODE, BAD_CLIENT_ID, ...), not RFC 6749's
``{"error": "invalid_grant"}``; a caller has to map them.
"""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.consent import consent_page
from glue_emulators.hubspot import render
from glue_emulators.hubspot.account import Account
from glue_emulators.hubspot.catalog import OWNERS
from glue_emulators.oauth import OAuthError

INSTALLING_USER = ("admin@portal.example.com", 2_000_001)  # email, user id of whoever approved the install


def oauth_routes(account: Account) -> list[Route]:
    oauth = account.oauth

    async def authorize(request: Request) -> Response:
        return await consent_page(request, oauth, "HubSpot")

    async def token(request: Request) -> Response:
        form = await request.form()
        grant_type = form.get("grant_type")
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if client_id not in oauth.clients:
            return _token_error("BAD_CLIENT_ID", "missing or unknown client id")
        if oauth.clients[client_id] != client_secret:
            return _token_error("BAD_CLIENT_SECRET", "missing or invalid client secret")
        try:
            if grant_type == "authorization_code":
                issued = oauth.exchange_code(
                    form.get("code", ""), client_id, form.get("redirect_uri", ""), form.get("code_verifier")
                )
            elif grant_type == "refresh_token":
                issued = oauth.refresh(form.get("refresh_token", ""), client_id)
            else:
                return _token_error("BAD_GRANT_TYPE", "grant_type must be authorization_code or refresh_token")
        except OAuthError as exc:
            status = "BAD_AUTH_CODE" if grant_type == "authorization_code" else "BAD_REFRESH_TOKEN"
            return _token_error(status, exc.description)
        return JSONResponse(
            {
                "token_type": "bearer",
                "refresh_token": issued["refresh_token"],
                "access_token": issued["access_token"],
                "expires_in": issued["expires_in"],
            },
            headers={"Cache-Control": "no-store"},
        )

    async def access_token_info(request: Request) -> Response:
        access_token = request.path_params["token"]
        grant = oauth.grant_for(access_token)
        if grant is None:
            return JSONResponse(
                {"status": "error", "message": "Token not found or expired", "correlationId": str(uuid.uuid4()),
                 "category": "OBJECT_NOT_FOUND"},
                status_code=404,
            )
        email, user_id = _installing_user(account)
        return JSONResponse(
            {
                "token": access_token,
                "user": email,
                "hub_domain": f"portal-{account.portal_id}.example.com",
                "scopes": grant.scopes,
                "hub_id": int(account.portal_id),
                "app_id": _app_id(grant.client_id),
                "expires_in": oauth.access_token_ttl,  # an upper bound: the server keeps issue times private
                "user_id": user_id,
                "token_type": "access",
            }
        )

    async def revoke_refresh_token(request: Request) -> Response:
        oauth.revoke(request.path_params["token"])
        return Response(status_code=204)

    return [
        Route("/oauth/authorize", authorize, methods=["GET", "POST"]),
        Route("/oauth/v1/token", token, methods=["POST"]),
        Route("/oauth/v1/access-tokens/{token}", access_token_info, methods=["GET"]),
        Route("/oauth/v1/refresh-tokens/{token}", revoke_refresh_token, methods=["DELETE"]),
    ]


def _token_error(status: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"status": status, "message": message, "correlationId": str(uuid.uuid4()), "requestId": str(uuid.uuid4())},
        status_code=400,
    )


def _installing_user(account: Account) -> tuple[str, int]:
    """Whoever approved the install: the portal's first owner, as in a real portal; a fixed admin otherwise."""
    owners = account.dataset.objects.get(OWNERS)
    if owners is None or owners.live_count() == 0:
        return INSTALLING_USER
    first = render.owner(owners.by_index(-1, 1)[0])
    return first["email"], first["userIdIncludingInactive"]


def _app_id(client_id: str) -> int:
    return 100_000 + sum(map(ord, client_id)) % 900_000
