"""Intercom's OAuth (https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/setting-up-oauth),
served on the emulator's own host (in reality the consent page is on app.intercom.com, the token endpoint on
api.intercom.io).

- ``GET /oauth?client_id&redirect_uri&state``: the consent screen; the app's permissions are set in its
  settings, not requested. Approving redirects to ``redirect_uri`` with ``code`` and ``state``.
- ``POST /auth/eagle/token`` (form: ``code``, ``client_id``, ``client_secret``): answers
  ``{"token_type": "Bearer", "token": ..., "access_token": ...}``. Intercom's access tokens do not expire and
  there is no refresh token: a token works until the workspace uninstalls the app.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.consent import consent_page
from glue_emulators.intercom import responses
from glue_emulators.oauth import OAuthError, OAuthServer


def oauth_routes(oauth: OAuthServer) -> list[Route]:
    async def authorize(request: Request) -> Response:
        return await consent_page(request, oauth, "Intercom")

    async def token(request: Request) -> Response:
        form = await request.form()
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        try:
            oauth.check_client(client_id, client_secret)
        except OAuthError:
            return responses.error(401, "unauthorized", "Client credentials are invalid")
        if not form.get("code"):
            return responses.bad_request("code is required", code="parameter_not_found")
        try:
            tokens = oauth.exchange_code(str(form["code"]), str(client_id), str(form.get("redirect_uri", "")),
                                         form.get("code_verifier"))
        except OAuthError:
            return responses.bad_request("The authorization code is invalid, expired or already used",
                                         code="invalid_grant")
        oauth.revoke(tokens["refresh_token"])  # Intercom issues none: only the access token stays
        return JSONResponse({"token_type": "Bearer", "token": tokens["access_token"],
                             "access_token": tokens["access_token"]})

    return [
        Route("/oauth", authorize, methods=["GET", "POST"]),
        Route("/auth/eagle/token", token, methods=["POST"]),
    ]
