"""The Microsoft identity platform's v2.0 endpoints, served on the emulator's own host, which plays the
customer's Dynamics organisation.

- ``GET /{tenant}/oauth2/v2.0/authorize?client_id&redirect_uri&scope&state[&code_challenge]``
  (tenant ``organizations``, ``common`` or a tenant id): the consent screen. The scope must name this
  organisation as its resource (``https://{org}.crm.dynamics.com/user_impersonation``); ``offline_access``
  is what brings a refresh token.
- ``POST /{tenant}/oauth2/v2.0/token`` (form; ``client_id`` and ``client_secret`` in the body):
  ``authorization_code`` (``code``, ``redirect_uri``, PKCE ``code_verifier``) or ``refresh_token``,
  which must name its ``scope`` again (AADSTS900144 without it).
- ``GET /{tenant}/v2.0/.well-known/openid-configuration``: the tenant's OpenID Connect discovery document
  (issuer, authorize and token endpoints), which Microsoft's own client (msal) reads before any flow.
- Errors: ``{"error", "error_description": "AADSTS...: ...", "error_codes": [...], "timestamp",
  "trace_id", "correlation_id"}``; a refused grant is 400 ``invalid_grant``.
- Reference: https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow
- No revocation endpoint: Microsoft has none for these tokens (a user or admin revokes sessions
  in Entra ID).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from glue_emulators.consent import consent_page
from glue_emulators.oauth import OAuthError, OAuthServer

OFFLINE_ACCESS = "offline_access"
MULTI_TENANT = ("common", "organizations", "consumers")


def oauth_routes(oauth: OAuthServer) -> list[Route]:

    async def authorize(request: Request) -> Response:
        params = request.query_params if request.method == "GET" else await request.form()
        if not _resource_scopes(request, str(params.get("scope", ""))):
            return HTMLResponse("<h1>AADSTS650053: The application asked for a scope that does not name this "
                                "Dynamics organisation.</h1>", status_code=400)
        return await consent_page(request, oauth, "Microsoft")

    async def token(request: Request) -> Response:
        if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            return _error(400, "invalid_request", 900144, "The request body must contain the following parameter: "
                                                          "'grant_type'.")
        form = await request.form()
        client_id = str(form.get("client_id", ""))
        try:
            oauth.check_client(client_id, str(form.get("client_secret", "")))
        except OAuthError:
            return _error(401, "invalid_client", 7000215, "Invalid client secret provided.")
        grant_type = form.get("grant_type")
        scope = str(form.get("scope", ""))
        try:
            if grant_type == "authorization_code":
                tokens = oauth.exchange_code(str(form.get("code", "")), client_id, str(form.get("redirect_uri", "")),
                                             form.get("code_verifier"))
            elif grant_type == "refresh_token":
                if not scope:
                    return _error(400, "invalid_request", 900144,
                                  "The request body must contain the following parameter: 'scope'.")
                if not _resource_scopes(request, scope):
                    return _error(400, "invalid_scope", 70011, "The provided value for the input parameter 'scope' "
                                                               "is not valid.")
                tokens = oauth.refresh(str(form.get("refresh_token", "")), client_id)
            else:
                return _error(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.")
        except OAuthError:
            return _error(400, "invalid_grant", 70000, "The provided authorization code or refresh token has "
                                                       "expired due to inactivity or was revoked.")
        granted = [s for s in tokens["scope"].split() if s != OFFLINE_ACCESS] or _resource_scopes(request, scope)
        return JSONResponse({
            "token_type": "Bearer",
            "scope": " ".join(granted),
            "expires_in": tokens["expires_in"],
            "ext_expires_in": tokens["expires_in"],
            "access_token": tokens["access_token"],
            "refresh_token": tokens["refresh_token"],
        })

    async def openid_configuration(request: Request) -> Response:
        origin = f"{request.url.scheme}://{request.url.netloc}"
        tenant = request.path_params["tenant"]
        # The multi-tenant authorities name no tenant in their issuer: Microsoft leaves a placeholder there.
        issuer_tenant = "{tenantid}" if tenant in MULTI_TENANT else tenant
        return JSONResponse({
            "issuer": f"{origin}/{issuer_tenant}/v2.0",
            "authorization_endpoint": f"{origin}/{tenant}/oauth2/v2.0/authorize",
            "token_endpoint": f"{origin}/{tenant}/oauth2/v2.0/token",
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "response_modes_supported": ["query", "fragment", "form_post"],
            "scopes_supported": ["openid", "profile", "email", OFFLINE_ACCESS],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "request_uri_parameter_supported": False,
            "tenant_region_scope": None,
            "cloud_instance_name": "microsoftonline.com",
        })

    return [
        Route("/{tenant}/v2.0/.well-known/openid-configuration", openid_configuration, methods=["GET"]),
        Route("/{tenant}/oauth2/v2.0/authorize", authorize, methods=["GET", "POST"]),
        Route("/{tenant}/oauth2/v2.0/token", token, methods=["POST"]),
    ]


def _resource_scopes(request: Request, scope: str) -> list[str]:
    """The requested scopes for this organisation (its origin as the resource)."""
    origin = f"{request.url.scheme}://{request.url.netloc}"
    return [s for s in scope.split() if s.rstrip("/").rsplit("/", 1)[0] == origin]


def _error(status_code: int, error: str, code: int, message: str) -> JSONResponse:
    trace = str(uuid.uuid4())
    now = datetime.now(timezone.utc)
    return JSONResponse({
        "error": error,
        "error_description": f"AADSTS{code}: {message} Trace ID: {trace} Timestamp: {now:%Y-%m-%d %H:%M:%SZ}",
        "error_codes": [code],
        "timestamp": now.strftime("%Y-%m-%d %H:%M:%SZ"),
        "trace_id": trace,
        "correlation_id": str(uuid.uuid4()),
    }, status_code=status_code)
