"""Pipedrive's OAuth 2.0 server (oauth.pipedrive.com), served on the emulator's own host.

- ``GET /oauth/authorize?client_id&redirect_uri&state``: the consent screen; approving
  redirects to ``redirect_uri`` with ``code`` and ``state``. Scopes are set on the app,
  not requested, so the grant carries the app's default scopes.
- ``POST /oauth/token`` (form-encoded, client credentials in HTTP Basic):
  ``grant_type=authorization_code`` (``code``, ``redirect_uri``; a PKCE
  ``code_verifier`` is checked when the authorize step sent a ``code_challenge``) or
  ``grant_type=refresh_token``. The answer carries ``api_domain``, the company's API base.
- ``POST /oauth/revoke`` (RFC 7009, client credentials in HTTP Basic): ``token`` and an optional
  ``token_type_hint``; the token (refresh or access) stops working. An unknown token is not an error.
- Errors: 400/401 ``{"success": false, "message": "Invalid grant: ...", "error": "invalid_grant"}``.
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.consent import consent_page
from glue_emulators.oauth import OAuthError, OAuthServer

APP_SCOPES = ("base", "deals:read", "contacts:read", "leads:read", "users:read")
SCOPE_SEPARATOR = ","  # Pipedrive lists scopes comma-separated: "base,deals:full,contacts:read"


def oauth_routes(oauth: OAuthServer) -> list[Route]:

    async def authorize(request: Request) -> Response:
        if request.method == "GET" and "scope" not in request.query_params:
            request = _with_query(request, {"scope": SCOPE_SEPARATOR.join(APP_SCOPES)})
        return await consent_page(request, oauth, "Pipedrive", scope_separator=SCOPE_SEPARATOR)

    async def token(request: Request) -> Response:
        if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            return _error(400, "invalid_request", "Invalid request: content must be application/x-www-form-urlencoded")
        client_id, client_secret = _basic_credentials(request)
        if client_id is None:
            return _error(400, "invalid_client", "Invalid client: cannot retrieve client credentials")
        try:
            oauth.check_client(client_id, client_secret)
        except OAuthError:
            return _error(401, "invalid_client", "Invalid client: client is invalid")
        form = await request.form()
        grant_type = form.get("grant_type")
        try:
            if not grant_type:
                return _error(400, "invalid_request", "Missing parameter: `grant_type`")
            if grant_type == "authorization_code":
                if not form.get("code"):
                    return _error(400, "invalid_request", "Missing parameter: `code`")
                tokens = oauth.exchange_code(
                    str(form["code"]), client_id, str(form.get("redirect_uri", "")), form.get("code_verifier"))
            elif grant_type == "refresh_token":
                if not form.get("refresh_token"):
                    return _error(400, "invalid_request", "Missing parameter: `refresh_token`")
                tokens = oauth.refresh(str(form["refresh_token"]), client_id)
            else:
                return _error(400, "unsupported_grant_type", "Unsupported grant type: `grant_type` is invalid")
        except OAuthError as exc:
            return _error(400, exc.error, _grant_message(grant_type, exc))
        return JSONResponse({
            "access_token": tokens["access_token"],
            "token_type": "Bearer",
            "expires_in": tokens["expires_in"],
            "refresh_token": tokens["refresh_token"],
            "scope": SCOPE_SEPARATOR.join(tokens["scope"].split()),
            "api_domain": f"{request.url.scheme}://{request.url.netloc}",
        })

    async def revoke(request: Request) -> Response:
        client_id, client_secret = _basic_credentials(request)
        try:
            oauth.check_client(client_id, client_secret)
        except OAuthError:
            return _error(401, "invalid_client", "Invalid client: client is invalid")
        form = await request.form()
        if not form.get("token"):
            return _error(400, "invalid_request", "Missing parameter: `token`")
        oauth.revoke(str(form["token"]))
        return Response(status_code=200)

    return [
        Route("/oauth/authorize", authorize, methods=["GET", "POST"]),
        Route("/oauth/token", token, methods=["POST"]),
        Route("/oauth/revoke", revoke, methods=["POST"]),
    ]


def _error(status_code: int, error: str, message: str) -> JSONResponse:
    return JSONResponse({"success": False, "message": message, "error": error}, status_code=status_code)


def _grant_message(grant_type: str, exc: OAuthError) -> str:
    if grant_type == "refresh_token":
        return "Invalid grant: refresh token is invalid"
    if "PKCE" in exc.description:
        return "Invalid grant: code verifier is invalid"
    return "Invalid grant: authorization code is invalid"


def _basic_credentials(request: Request) -> tuple[str | None, str | None]:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None, None
    try:
        client_id, separator, client_secret = base64.b64decode(encoded).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None, None
    return (client_id, client_secret) if separator else (None, None)


def _with_query(request: Request, extra: dict[str, str]) -> Request:
    query = request.scope.get("query_string", b"").decode()
    query = "&".join(part for part in (query, urlencode(extra)) if part)
    return Request({**request.scope, "query_string": query.encode()}, request.receive)
