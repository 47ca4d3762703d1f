"""Server-rendered pages: Jinja2 templates, one stylesheet, no JavaScript, nothing from another origin."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

from glue_api.errors import GlueError
from glue_api.vault.oauth.redirects import DEFAULT_PORTS, normalized_uri

STATIC_DIR = Path(__file__).parent / "static"
ASSETS_PATH = "/pages/assets"
PAGE_PREFIXES = ("/links/", "/vault/session/", ASSETS_PATH)

_templates = Environment(
    loader=PackageLoader("glue_api.pages", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def page(template: str, status_code: int = 200, *, form_targets: Iterable[str] = (), **context) -> HTMLResponse:
    """``form_targets``: URLs the page's forms may end up at through a redirect (a provider's consent
    page, the application's return URL); browsers hold those redirects to the CSP's form-action too."""
    # A per-response nonce lets the page's own <style> (the application's theme colours) through the CSP.
    nonce = secrets.token_urlsafe(16)
    body = _templates.get_template(template).render(nonce=nonce, assets=ASSETS_PATH, **context)
    return HTMLResponse(body, status_code=status_code, headers=_headers(nonce, form_targets))


def error_page(exc: GlueError) -> HTMLResponse:
    return page("message.html", exc.status_code, title=exc.title, detail=exc.detail, theme=None, brand=None)


def csp_origin(url: str) -> str | None:
    """The URL's origin as a CSP source, or None for anything that is not a plain http(s) URL."""
    parts = normalized_uri(url)
    if parts is None:
        return None
    host = f"[{parts.host}]" if ":" in parts.host else parts.host
    port = "" if parts.port == DEFAULT_PORTS[parts.scheme] else f":{parts.port}"
    return f"{parts.scheme}://{host}{port}"


def _form_action(form_targets: Iterable[str]) -> str:
    origins = dict.fromkeys(origin for origin in map(csp_origin, form_targets) if origin)
    return " ".join(["'self'", *origins])


def _headers(nonce: str, form_targets: Iterable[str] = ()) -> dict[str, str]:
    return {
        # The URL carries the link's or session's token: keep it out of caches and other sites' logs.
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": (
            f"default-src 'none'; style-src 'self' 'nonce-{nonce}'; img-src 'self' https: http: data:; "
            f"frame-ancestors 'none'; base-uri 'none'; form-action {_form_action(form_targets)}"
        ),
    }
