"""An RFC 6749 authorization server's routes, for emulators of providers that keep close to the RFC:
the consent page (consent.py), the token endpoint (authorization code and refresh token grants,
client credentials in HTTP Basic or in the form) and, where the provider has one, RFC 7009
revocation. Errors are RFC 6749's ``{"error", "error_description"}`` with status 400 (401 for a
bad client), as Zendesk Sell and Capsule answer them.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.consent import consent_page
from glue_emulators.oauth import OAuthError, OAuthServer


@dataclass(frozen=True)
class TokenEndpoints:
    provider: str  # shown on the consent page
    authorize_path: str
    token_path: str
    revoke_path: str = ""  # none: the provider cannot revoke a token through its API
    client_auth: Literal["basic", "body"] = "body"
    grant_in_query: bool = False  # the grant's parameters come in the query string (Gong)
    # More fields of a token answer, from the request (Gong's api_base_url_for_customer).
    answer_fields: Callable[[Request], dict] | None = None


def token_routes(oauth: OAuthServer, endpoints: TokenEndpoints) -> list[Route]:
    async def authorize(request: Request) -> Response:
        return await consent_page(request, oauth, endpoints.provider)

    async def token(request: Request) -> Response:
        form = request.query_params if endpoints.grant_in_query else await request.form()
        client_id, client_secret = _client(request, form, endpoints.client_auth)
        try:
            oauth.check_client(client_id, client_secret)
        except OAuthError as exc:
            return error(401, exc.error, "Client authentication failed")
        grant_type = form.get("grant_type")
        try:
            if grant_type == "authorization_code":
                if not form.get("code"):
                    return error(400, "invalid_request", "Missing required parameter: code")
                tokens = oauth.exchange_code(str(form["code"]), client_id, str(form.get("redirect_uri", "")),
                                             form.get("code_verifier"))
            elif grant_type == "refresh_token":
                if not form.get("refresh_token"):
                    return error(400, "invalid_request", "Missing required parameter: refresh_token")
                tokens = oauth.refresh(str(form["refresh_token"]), client_id)
            else:
                return error(400, "unsupported_grant_type", "The authorization grant type is not supported")
        except OAuthError as exc:
            return error(400, exc.error, exc.description)
        extra = endpoints.answer_fields(request) if endpoints.answer_fields else {}
        return JSONResponse(tokens | extra, headers={"Cache-Control": "no-store"})

    async def revoke(request: Request) -> Response:
        form = await request.form()
        client_id, client_secret = _client(request, form, endpoints.client_auth)
        try:
            oauth.check_client(client_id, client_secret)
        except OAuthError as exc:
            return error(401, exc.error, "Client authentication failed")
        if not form.get("token"):
            return error(400, "invalid_request", "Missing required parameter: token")
        oauth.revoke(str(form["token"]))  # an unknown token is not an error (RFC 7009 2.2)
        return Response(status_code=200)

    routes = [Route(endpoints.authorize_path, authorize, methods=["GET", "POST"]),
              Route(endpoints.token_path, token, methods=["POST"])]
    if endpoints.revoke_path:
        routes.append(Route(endpoints.revoke_path, revoke, methods=["POST"]))
    return routes


def error(status_code: int, code: str, description: str) -> JSONResponse:
    return JSONResponse({"error": code, "error_description": description}, status_code=status_code)


def _client(request: Request, form, client_auth: str) -> tuple[str | None, str | None]:
    if client_auth == "body":
        return form.get("client_id"), form.get("client_secret")
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None, None
    try:
        client_id, separator, client_secret = base64.b64decode(encoded).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None, None
    return (client_id, client_secret) if separator else (None, None)
