"""Where a provider's API and OAuth endpoints are, after per-environment overrides."""

from __future__ import annotations

from glue_api.catalog import PROVIDERS, OAuthEndpoints
from glue_api.config import Settings


def api_base_url(settings: Settings, provider_name: str, instance_url: str = "") -> str:
    override = settings.provider_base_urls.get(provider_name)
    if override:
        return override.rstrip("/")
    return (instance_url or PROVIDERS[provider_name].api_base_url).rstrip("/")


def oauth_base_url(settings: Settings, provider_name: str, login_url: str | None = None) -> str:
    override = settings.provider_base_urls.get(provider_name)
    if override:
        return override.rstrip("/")
    return (login_url or oauth_endpoints(provider_name).base_url).rstrip("/")


def oauth_endpoints(provider_name: str) -> OAuthEndpoints:
    oauth = PROVIDERS[provider_name].oauth
    if oauth is None:
        raise KeyError(f"{provider_name} has no OAuth endpoints in Glue's catalog")
    return oauth
