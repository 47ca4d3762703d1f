"""Slack's OAuth v2 (https://docs.slack.dev/authentication/installing-with-oauth), on the emulator's host:

- ``GET /oauth/v2/authorize?client_id&scope&redirect_uri&state``: the consent screen (bot scopes,
  comma-separated); approving redirects with ``code`` and ``state``.
- ``POST /api/oauth.v2.access`` (form ``code``, ``redirect_uri``; client in the form or HTTP Basic): answers
  ``{"ok": true, "access_token": "xoxb-...", "token_type": "bot", "scope", "bot_user_id", "app_id",
  "team": {"id", "name"}, "authed_user": {"id"}}``; failures are ``{"ok": false, "error"}`` with HTTP 200.
  Without token rotation there is no refresh token and the token does not expire.
- ``auth.revoke`` is in api.py (it is called with the token itself).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from glue_emulators.consent import consent_page
from glue_emulators.oauth import OAuthError, OAuthServer
from glue_emulators.slack import responses
from glue_emulators.slack.render import TEAM_ID, user_id
from glue_emulators.token_routes import _client


def oauth_routes(oauth: OAuthServer) -> list[Route]:
    async def authorize(request: Request) -> Response:
        return await consent_page(request, oauth, "Slack", scope_separator=",")

    async def access(request: Request) -> Response:
        form = await request.form()
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if not client_id:
            client_id, client_secret = _client(request, form, "basic")
        try:
            oauth.check_client(client_id, client_secret)
        except OAuthError:
            return responses.failed("invalid_client_id" if client_id not in oauth.clients else "bad_client_secret")
        if not form.get("code"):
            return responses.failed("invalid_code")
        try:
            tokens = oauth.exchange_code(str(form["code"]), str(client_id), str(form.get("redirect_uri", "")),
                                         form.get("code_verifier"))
        except OAuthError:
            return responses.failed("invalid_code")
        oauth.revoke(tokens["refresh_token"])  # no token rotation: only the bot token stays
        grant = oauth.grant_for(tokens["access_token"])
        return responses.ok({"access_token": "xoxb-" + tokens["access_token"], "token_type": "bot",
                             "scope": ",".join(grant.scopes if grant else []), "bot_user_id": "B00000001",
                             "app_id": "A00000001", "team": {"id": TEAM_ID, "name": "Acme"},
                             "enterprise": None, "is_enterprise_install": False,
                             "authed_user": {"id": user_id(0)}})

    return [Route("/oauth/v2/authorize", authorize, methods=["GET", "POST"]),
            Route("/api/oauth.v2.access", access, methods=["POST"])]
