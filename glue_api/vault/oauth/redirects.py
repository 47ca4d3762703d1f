"""Where a customer's browser may be sent back to: the application's allowed redirect URIs."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from glue_api.errors import BadRequest
from glue_api.models import Application


def is_absolute_http_url(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.fragment


def is_allowed_redirect_uri(allowed: list[str] | None, uri: str) -> bool:
    """Exact match, or under an entry ending in "/" (so the entry names a path prefix on one origin)."""
    if not is_absolute_http_url(uri):
        return False
    return any(uri == entry or (entry.endswith("/") and uri.startswith(entry)) for entry in allowed or [])


def checked_redirect_uri(application: Application, redirect_uri: str | None) -> str:
    """The redirect URI to use: the one given, else the first allowed one; refused unless allowed."""
    allowed = application.allowed_redirect_uris or []
    if not redirect_uri:
        if not allowed:
            raise BadRequest(
                "redirect_uri is required: the application has no allowed redirect URIs "
                "(set them with PUT /glue/v1/redirect_uris).",
                title="Missing redirect_uri",
            )
        return allowed[0]
    if not is_allowed_redirect_uri(allowed, redirect_uri):
        raise BadRequest(
            "redirect_uri is not one of the application's allowed redirect URIs "
            "(see GET /glue/v1/redirect_uris).",
            title="Redirect URI not allowed",
        )
    return redirect_uri


def with_query(url: str, params: dict[str, str]) -> str:
    if not params:
        return url
    separator = "" if url.endswith(("?", "&")) else "&" if urlsplit(url).query else "?"
    return url + separator + urlencode(params)
