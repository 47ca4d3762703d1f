"""Salesloft's OAuth 2.0 server (accounts.salesloft.com), served on the emulator's own host
(https://developers.salesloft.com/docs/platform/api-basics/oauth-authentication/).

- ``GET /oauth/authorize?client_id&redirect_uri&response_type=code&state``: the consent screen; approving
  redirects to ``redirect_uri`` with ``code`` and ``state``. Scopes are the app's, not requested.
- ``POST /oauth/token`` (form-encoded; ``client_id`` and ``client_secret`` in the form):
  ``grant_type=authorization_code`` (``code``, ``redirect_uri``) or ``grant_type=refresh_token``. The answer
  is ``{access_token, token_type: "bearer", expires_in: 7200, refresh_token, scope, created_at}``; a refresh
  answers a new refresh token, and the one it used stops working.
- Errors: 400/401 ``{"error": "invalid_grant", "error_description": "..."}`` (RFC 6749).
"""

from __future__ import annotations

import time

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.consent import consent_page
from glue_emulators.oauth import OAuthError, OAuthServer


def oauth_routes(oauth: OAuthServer) -> list[Route]:

    async def authorize(request: Request) -> Response:
        return await consent_page(request, oauth, "Salesloft")

    async def token(request: Request) -> Response:
        form = await request.form()
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        try:
            oauth.check_client(client_id, client_secret)
        except OAuthError:
            return _error(401, "invalid_client", "Client authentication failed due to unknown client, no client "
                                                 "authentication included, or unsupported authentication method.")
        grant_type = form.get("grant_type")
        try:
            if grant_type == "authorization_code":
                tokens = oauth.exchange_code(str(form.get("code", "")), client_id, str(form.get("redirect_uri", "")),
                                             form.get("code_verifier"))
            elif grant_type == "refresh_token":
                tokens = _rotated(oauth, str(form.get("refresh_token", "")), client_id)
            else:
                return _error(400, "unsupported_grant_type",
                              "The authorization grant type is not supported by the authorization server.")
        except OAuthError:
            return _error(400, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, does "
                                                "not match the redirection URI used in the authorization request, or "
                                                "was issued to another client.")
        return JSONResponse({"access_token": tokens["access_token"], "token_type": "bearer",
                             "expires_in": tokens["expires_in"], "refresh_token": tokens["refresh_token"],
                             "scope": tokens["scope"], "created_at": int(time.time())},
                            headers={"Cache-Control": "no-store"})

    return [
        Route("/oauth/authorize", authorize, methods=["GET", "POST"]),
        Route("/oauth/token", token, methods=["POST"]),
    ]


def _rotated(oauth: OAuthServer, refresh_token: str, client_id: str) -> dict:
    """A refresh answers a new refresh token and the used one stops working (refresh tokens are single-use)."""
    used = oauth.refresh(refresh_token, client_id)  # checks the token and its client
    oauth.revoke(refresh_token)
    oauth.revoke(used["access_token"])
    return oauth.mint(client_id, used["scope"].split())


def _error(status_code: int, error: str, description: str) -> JSONResponse:
    return JSONResponse({"error": error, "error_description": description}, status_code=status_code)
