"""Zoho's accounts server (OAuth 2.0), one per data centre, served on the emulator's own host.

Reference: https://www.zoho.com/accounts/protocol/oauth/web-server-applications.html and
https://www.zoho.com/accounts/protocol/oauth/multi-dc.html.

- ``GET /oauth/v2/auth?response_type=code&client_id&scope&redirect_uri&access_type&prompt&state``: the consent
  screen; scopes are comma-separated (``ZohoCRM.modules.ALL,ZohoCRM.users.READ``). Approving redirects with
  ``code``, ``state``, ``location`` (the data centre: us, eu, in, au, jp, cn, ca, sa) and ``accounts-server``
  (that data centre's accounts server, where the code must be exchanged).
- ``POST /oauth/v2/token`` (parameters in the query string or a form; client id and secret among them):
  ``grant_type=authorization_code`` answers ``access_token``, ``refresh_token`` (only when the consent asked
  ``access_type=offline``), ``api_domain`` (the data centre's API base), ``token_type`` and ``expires_in``;
  ``grant_type=refresh_token`` answers the same without a refresh token.
  Errors are 200 answers with ``{"error": "invalid_code"}`` (an unknown, used or expired code or refresh
  token) or ``{"error": "invalid_client"}``.
- ``POST /oauth/v2/token/revoke?token=`` (or ``token`` in a form body): the refresh token stops working (and
  its access tokens).
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.consent import consent_page
from glue_emulators.oauth import OAuthError, OAuthServer

SCOPE_SEPARATOR = ","
ACCESS_TOKEN_TTL = 3600


def oauth_routes(oauth: OAuthServer, location: str, offline_codes: set[str]) -> list[Route]:
    """``location``: the data centre this accounts server stands for; ``offline_codes`` remembers which codes
    were granted with ``access_type=offline``."""

    async def authorize(request: Request) -> Response:
        response = await consent_page(request, oauth, "Zoho", scope_separator=SCOPE_SEPARATOR)
        target = response.headers.get("location", "")
        if request.method != "POST" or response.status_code != 302 or "code=" not in target:
            return response
        form = await request.form()  # cached by Starlette: the consent page read it already
        code = target.split("code=", 1)[1].split("&", 1)[0]
        if form.get("access_type") == "offline":
            offline_codes.add(code)
        server = f"{request.url.scheme}://{request.url.netloc}"
        response.headers["location"] = target + "&" + urlencode({"location": location, "accounts-server": server})
        return response

    async def token(request: Request) -> Response:
        params = dict(request.query_params)
        if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            params |= {key: str(value) for key, value in (await request.form()).items()}
        try:
            oauth.check_client(params.get("client_id"), params.get("client_secret"))
        except OAuthError:
            return JSONResponse({"error": "invalid_client"})
        grant_type = params.get("grant_type")
        try:
            if grant_type == "authorization_code":
                code = params.get("code", "")
                tokens = oauth.exchange_code(code, params["client_id"], params.get("redirect_uri", ""), None)
                offline = code in offline_codes
                offline_codes.discard(code)
                if not offline:
                    oauth.revoke(tokens["refresh_token"])
            elif grant_type == "refresh_token":
                tokens = oauth.refresh(params.get("refresh_token", ""), params["client_id"])
                offline = False
            else:
                return JSONResponse({"error": "unsupported_grant_type"})
        except OAuthError:
            return JSONResponse({"error": "invalid_code"})
        answer = {"access_token": tokens["access_token"], "scope": tokens["scope"].replace(" ", SCOPE_SEPARATOR),
                  "api_domain": f"{request.url.scheme}://{request.url.netloc}", "token_type": "Bearer",
                  "expires_in": ACCESS_TOKEN_TTL}
        if offline:
            answer["refresh_token"] = tokens["refresh_token"]
        return JSONResponse(answer)

    async def revoke(request: Request) -> Response:
        token_value = request.query_params.get("token")
        if not token_value and request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            token_value = (await request.form()).get("token")  # Zoho's SDK sends it in the form body
        if not token_value:
            return JSONResponse({"error": "invalid_request"}, status_code=400)
        oauth.revoke(token_value)
        return JSONResponse({"status": "success"})

    return [
        Route("/oauth/v2/auth", authorize, methods=["GET", "POST"]),
        Route("/oauth/v2/token", token, methods=["POST"]),
        Route("/oauth/v2/token/revoke", revoke, methods=["POST"]),
    ]
