"""Outreach's OAuth 2.0 server (https://developers.outreach.io/api/getting-started/), on the emulator's host.

- ``GET /oauth/authorize?client_id&redirect_uri&response_type=code&scope&state``: the consent
  page; scopes are space-separated (``prospects.read accounts.read ...``).
- ``POST /oauth/token`` (form or JSON body, client id and secret in the body):
  ``grant_type=authorization_code`` (``code``, ``redirect_uri``) or ``grant_type=refresh_token``.
  Access tokens live two hours. The answer: ``access_token``, ``token_type``, ``expires_in``,
  ``refresh_token``, ``scope``, ``created_at``.
- Errors are RFC 6749's ``{"error", "error_description"}``: 400 ``invalid_grant`` /
  ``invalid_request`` / ``unsupported_grant_type``, 401 ``invalid_client``.
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
        return await consent_page(request, oauth, "Outreach")

    async def token(request: Request) -> Response:
        if request.headers.get("content-type", "").startswith("application/json"):
            form = await request.json()
            form = form if isinstance(form, dict) else {}
        else:
            form = dict(await request.form())
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        try:
            oauth.check_client(client_id, client_secret)
        except OAuthError:
            return _error(401, "invalid_client", "Client authentication failed due to unknown client, no client "
                                                 "authentication included, or unsupported authentication method.")
        grant_type = form.get("grant_type")
        try:
            if grant_type == "authorization_code":
                if not form.get("code"):
                    return _error(400, "invalid_request", "The request is missing a required parameter: code.")
                issued = oauth.exchange_code(str(form["code"]), client_id, str(form.get("redirect_uri", "")),
                                             form.get("code_verifier"))
            elif grant_type == "refresh_token":
                if not form.get("refresh_token"):
                    return _error(400, "invalid_request", "The request is missing a required parameter: refresh_token.")
                issued = oauth.refresh(str(form["refresh_token"]), client_id)
            else:
                return _error(400, "unsupported_grant_type",
                              "The authorization grant type is not supported by the authorization server.")
        except OAuthError:
            return _error(400, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, does "
                                                "not match the redirection URI, or was issued to another client.")
        return JSONResponse({
            "access_token": issued["access_token"], "token_type": "bearer", "expires_in": issued["expires_in"],
            "refresh_token": issued["refresh_token"], "scope": issued["scope"], "created_at": int(time.time()),
        }, headers={"Cache-Control": "no-store"})

    return [Route("/oauth/authorize", authorize, methods=["GET", "POST"]),
            Route("/oauth/token", token, methods=["POST"])]


def _error(status_code: int, error: str, description: str) -> JSONResponse:
    return JSONResponse({"error": error, "error_description": description}, status_code=status_code)
