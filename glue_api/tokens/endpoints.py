"""Where a provider's API and OAuth endpoints are, after per-environment overrides."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from glue_api.config import Settings
from glue_providers import registry
from glue_providers.spec import OAuth


def api_base_url(
    settings: Settings, provider_name: str, instance_url: str = "", credentials: Mapping[str, Any] | None = None
) -> str:
    """Where a connection's API lives: the operator's override, else the provider's rule (its spec's
    ``api_base``) over the connection's credentials and its stored ``instance_url``."""
    override = settings.provider_base_urls.get(provider_name)
    if override:
        return override.rstrip("/")
    known = {"instance_url": instance_url} | {key: value for key, value in (credentials or {}).items() if value}
    return registry.get(provider_name).api_base(known)


def oauth_base_url(settings: Settings, provider_name: str, login_url: str | None = None) -> str:
    override = settings.provider_base_urls.get(provider_name)
    if override:
        return override.rstrip("/")
    return (login_url or oauth_endpoints(provider_name).base_url).rstrip("/")


def consent_page_url(settings: Settings, provider_name: str, login_url: str | None = None) -> str:
    """The provider's authorize (consent) page, which some providers serve from another host."""
    endpoints = oauth_endpoints(provider_name)
    if endpoints.authorize_base_url and not login_url and provider_name not in settings.provider_base_urls:
        return endpoints.authorize_base_url.rstrip("/") + endpoints.authorize_path
    return oauth_base_url(settings, provider_name, login_url) + endpoints.authorize_path


def token_url(settings: Settings, provider_name: str, login_url: str | None = None) -> str:
    return oauth_base_url(settings, provider_name, login_url) + oauth_endpoints(provider_name).token_path


def has_oauth(provider_name: str) -> bool:
    info = registry.find(provider_name)
    return info is not None and info.oauth is not None


def oauth_endpoints(provider_name: str) -> OAuth:
    oauth = registry.get(provider_name).oauth
    if oauth is None:
        raise KeyError(f"{provider_name} has no OAuth endpoints in Glue's catalog")
    return oauth
