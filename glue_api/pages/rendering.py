"""Server-rendered pages: Jinja2 templates, one stylesheet, no JavaScript, nothing from another origin."""

from __future__ import annotations

import secrets
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

from glue_api.errors import GlueError

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


def page(template: str, status_code: int = 200, **context) -> HTMLResponse:
    # A per-response nonce lets the page's own <style> (the application's theme colours) through the CSP.
    nonce = secrets.token_urlsafe(16)
    body = _templates.get_template(template).render(nonce=nonce, assets=ASSETS_PATH, **context)
    return HTMLResponse(body, status_code=status_code, headers=_headers(nonce))


def error_page(exc: GlueError) -> HTMLResponse:
    return page("message.html", exc.status_code, title=exc.title, detail=exc.detail, theme=None, brand=None)


def _headers(nonce: str) -> dict[str, str]:
    return {
        # The URL carries the link's or session's token: keep it out of caches and other sites' logs.
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": (
            f"default-src 'none'; style-src 'self' 'nonce-{nonce}'; img-src 'self' https: http: data:; "
            "frame-ancestors 'none'; base-uri 'none'"
        ),
    }
