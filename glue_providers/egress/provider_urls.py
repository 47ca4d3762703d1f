"""Provider URLs a tenant or a token answer supplies: only origins on the provider's own domains."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from glue_providers.egress.policy import EgressRefused


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def provider_origin(url: str, provider_title: str, tenant_hosts: Iterable[str], operator_base_url: str = "") -> str:
    """A provider URL a tenant or the provider's token answer supplied, as ``https://host[:port]``, if it is on
    the provider's own domains (suffixes like ``.salesforce.com``) or at the base URL the operator pointed the
    provider at. Paths, queries, fragments and user info are refused: Glue appends its own paths."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").rstrip(".")
    try:
        port = parts.port
    except ValueError:
        raise EgressRefused(host, "the URL's port is not a number") from None
    if parts.username is not None or parts.password is not None or parts.query or parts.fragment \
            or "?" in url or "#" in url or parts.path not in ("", "/"):
        raise EgressRefused(host, f"a {provider_title} URL is an origin only (scheme and host, no path or query)")
    origin = f"{parts.scheme.lower()}://{host}{f':{port}' if port is not None else ''}"
    if operator_base_url:
        base = urlsplit(operator_base_url)
        if (parts.scheme.lower(), host, port or _default_port(parts.scheme)) == \
                (base.scheme.lower(), (base.hostname or "").lower(), base.port or _default_port(base.scheme)):
            return origin
    if parts.scheme.lower() != "https" or port not in (None, 443):
        raise EgressRefused(host, f"{provider_title} URLs are https on the default port")
    if not any(host == suffix.lstrip(".") or host.endswith("." + suffix.lstrip(".")) for suffix in tenant_hosts):
        raise EgressRefused(host, f"it is not one of {provider_title}'s own domains")
    return origin


def _default_port(scheme: str) -> int | None:
    return {"http": 80, "https": 443}.get(scheme.lower())
