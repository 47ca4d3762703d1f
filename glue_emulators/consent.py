"""The provider's consent screen: approve, and the browser goes back with a code."""

from __future__ import annotations

import html
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from glue_emulators.oauth import OAuthError, OAuthServer

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{provider}: authorize access</title>
<style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}}
button{{font-size:1rem;padding:.6rem 1.2rem;margin-right:.5rem}}</style></head>
<body><h1>{provider}</h1>
<p>An application (client <code>{client_id}</code>) asks to access your account with these scopes:</p>
<ul>{scopes}</ul>
<form method="post">
{hidden}
<button type="submit" name="decision" value="approve">Grant access</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form></body></html>"""


async def consent_page(request: Request, oauth: OAuthServer, provider: str, scope_separator: str = " ") -> Response:
    params = dict(request.query_params)
    if request.method == "GET":
        if params.get("client_id") not in oauth.clients:
            return HTMLResponse("<h1>Unknown client_id</h1>", status_code=400)
        hidden = "\n".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in params.items()
        )
        scopes = "".join(f"<li>{html.escape(s)}</li>" for s in params.get("scope", "").split(scope_separator) if s)
        return HTMLResponse(
            PAGE.format(provider=provider, client_id=html.escape(params.get("client_id", "")), scopes=scopes, hidden=hidden)
        )
    form = dict(await request.form())
    redirect_uri = form.get("redirect_uri", "")
    state = {"state": form["state"]} if form.get("state") else {}
    if form.get("decision") != "approve":
        return RedirectResponse(_with_query(redirect_uri, {"error": "access_denied", **state}), status_code=302)
    try:
        code = oauth.issue_code(
            form.get("client_id", ""), redirect_uri, [s for s in form.get("scope", "").split(scope_separator) if s],
            form.get("code_challenge"),
        )
    except OAuthError as exc:
        return HTMLResponse(f"<h1>{html.escape(exc.description)}</h1>", status_code=400)
    return RedirectResponse(_with_query(redirect_uri, {"code": code, **state}), status_code=302)


def _with_query(url: str, params: dict) -> str:
    return url + ("&" if "?" in url else "?") + urlencode(params)
