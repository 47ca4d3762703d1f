"""OAuth 2.0 endpoints under /services/oauth2: authorize (web server flow, PKCE), token, revoke.

Salesforce's token response has no ``expires_in``; it carries ``instance_url`` (where the
API lives), the identity URL ``id``, ``issued_at`` (ms since the epoch) and ``signature``
(HMAC-SHA256 of id + issued_at keyed with the client secret). A refresh answers a new
access token only; the refresh token stays the same.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.consent import consent_page
from glue_emulators.oauth import OAuthError, OAuthServer

REFRESH_SCOPES = {"refresh_token", "offline_access"}  # a refresh token is issued only when one is granted


def oauth_routes(oauth: OAuthServer, org_id: str, user_id: str) -> list[Route]:

    async def authorize(request: Request) -> Response:
        if request.method == "GET" and request.query_params.get("response_type") != "code":
            return _oauth_error("unsupported_response_type", "response type not supported")
        return await consent_page(request, oauth, "Salesforce")

    async def token(request: Request) -> Response:
        form = await request.form()
        client_id, client_secret = _client_credentials(request, form)
        grant_type = form.get("grant_type")
        if grant_type not in ("authorization_code", "refresh_token"):
            return _oauth_error("unsupported_grant_type", "grant type not supported")
        if client_id not in oauth.clients:
            return _oauth_error("invalid_client_id", "client identifier invalid")
        try:
            oauth.check_client(client_id, client_secret)
        except OAuthError:
            return _oauth_error("invalid_client", "invalid client credentials")
        if grant_type == "authorization_code":
            try:
                issued = oauth.exchange_code(form.get("code", ""), client_id, form.get("redirect_uri", ""),
                                             form.get("code_verifier"))
            except OAuthError as exc:
                return _oauth_error("invalid_grant", "invalid code verifier" if "PKCE" in exc.description
                                    else "invalid authorization code")
            scopes = set(issued["scope"].split())
            keep_refresh = not scopes or bool(scopes & REFRESH_SCOPES)
        else:
            try:
                issued = oauth.refresh(form.get("refresh_token", ""), client_id)
            except OAuthError:
                return _oauth_error("invalid_grant", "expired access/refresh token")
            keep_refresh = False
        body = _token_body(request, issued, client_secret, keep_refresh)
        return JSONResponse(body, headers={"Cache-Control": "no-store"})

    async def revoke(request: Request) -> Response:
        form = await request.form() if request.method == "POST" else request.query_params
        token_value = form.get("token")
        if not token_value:
            return _oauth_error("invalid_token", "token was invalid")
        oauth.revoke(token_value)
        return Response(status_code=200)

    def _token_body(request: Request, issued: dict, client_secret: str, keep_refresh: bool) -> dict:
        base = str(request.base_url).rstrip("/")
        identity = f"{base}/id/{org_id}/{user_id}"
        issued_at = str(int(time.time() * 1000))
        signature = hmac.new(client_secret.encode(), (identity + issued_at).encode(), hashlib.sha256).digest()
        body = {
            "access_token": issued["access_token"],
            "signature": base64.b64encode(signature).decode(),
            "scope": issued["scope"],
            "instance_url": base,  # the emulator is both the login host and the org's instance
            "id": identity,
            "token_type": "Bearer",
            "issued_at": issued_at,
        }
        if keep_refresh:
            body["refresh_token"] = issued["refresh_token"]
        return body

    return [
        Route("/services/oauth2/authorize", authorize, methods=["GET", "POST"]),
        Route("/services/oauth2/token", token, methods=["POST"]),
        Route("/services/oauth2/revoke", revoke, methods=["GET", "POST"]),
    ]


def _client_credentials(request: Request, form) -> tuple[str | None, str | None]:
    """From the form body, or from HTTP Basic authentication."""
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "basic":
        try:
            client_id, _, client_secret = base64.b64decode(encoded).decode().partition(":")
            return client_id, client_secret
        except (ValueError, UnicodeDecodeError):
            return None, None
    return form.get("client_id"), form.get("client_secret")


def _oauth_error(error: str, description: str) -> JSONResponse:
    return JSONResponse({"error": error, "error_description": description}, status_code=400)
