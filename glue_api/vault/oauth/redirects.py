"""Where a customer's browser may be sent back to: the application's allowed redirect URIs.

Both sides are compared in their RFC 3986 normal form (scheme and host lower case, the
default port dropped, percent-escapes of unreserved characters decoded), and anything a
browser could read differently from Glue is refused rather than normalised: dot segments
(also as ``%2e``), escaped slashes, backslashes, user info, fragments, whitespace and
control characters.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from glue_api.errors import BadRequest
from glue_api.models import Application

DEFAULT_PORTS = {"http": 80, "https": 443}
UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
HOST = re.compile(r"[a-z0-9.-]+|\[[0-9a-f:.]+\]")
ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class NormalizedUri:
    scheme: str
    host: str
    port: int
    path: str
    query: str | None  # None: no "?" at all

    def is_under(self, prefix: NormalizedUri) -> bool:
        """Same origin, and the path goes on below a prefix ending in "/" (a prefix with a query names no tree)."""
        return (
            (self.scheme, self.host, self.port) == (prefix.scheme, prefix.host, prefix.port)
            and prefix.query is None and prefix.path.endswith("/") and self.path.startswith(prefix.path)
        )


def normalized_uri(uri: str) -> NormalizedUri | None:
    """The URI's normal form, or None when it is not an unambiguous absolute http(s) URL."""
    if not uri.isascii() or any(c in uri for c in "\\#") or any(not c.isprintable() or c.isspace() for c in uri):
        return None
    parts = urlsplit(uri)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or "@" in parts.netloc or "%" in parts.netloc:
        return None
    try:
        host, port = (parts.hostname or ""), parts.port
    except ValueError:  # a port that is not a number or out of range
        return None
    port = DEFAULT_PORTS[scheme] if port is None else port
    if port == 0 or not HOST.fullmatch(f"[{host}]" if ":" in host else host):
        return None
    path = _normalized_path(parts.path or "/")
    query = _normalized_escapes(parts.query) if "?" in uri else None
    if path is None or (query is None and "?" in uri):
        return None
    return NormalizedUri(scheme, host, port, path, query)


def _normalized_path(path: str) -> str | None:
    segments = []
    for segment in path.split("/"):
        decoded = _normalized_escapes(segment)
        # An escaped "/" or "\\" splits differently depending on who decodes it; dot segments move up a level.
        if decoded is None or decoded.split(";")[0] in (".", "..") or re.search(r"%(2F|5C)", decoded):
            return None
        segments.append(decoded)
    return "/".join(segments)


def _normalized_escapes(text: str) -> str | None:
    """Unreserved characters unescaped, other escapes in upper case; None for a stray "%"."""
    if "%" in ESCAPE.sub("", text):
        return None

    def one(match: re.Match) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in UNRESERVED else f"%{match.group(1).upper()}"

    return ESCAPE.sub(one, text)


def is_absolute_http_url(uri: str) -> bool:
    return normalized_uri(uri) is not None


def is_allowed_redirect_uri(allowed: list[str] | None, uri: str) -> bool:
    """Exact match, or under an entry ending in "/" (so the entry names a path prefix on one origin)."""
    candidate = normalized_uri(uri)
    if candidate is None:
        return False
    for entry in allowed or []:
        prefix = normalized_uri(entry)
        if prefix is not None and (candidate == prefix or candidate.is_under(prefix)):
            return True
    return False


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
