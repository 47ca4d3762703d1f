"""Where a provider's API and OAuth endpoints are, after per-environment overrides.

URLs that come from a tenant, a consumer or a provider's token answer (Salesforce's
``instance_url`` and ``login_url``, Pipedrive's ``api_domain``) are used only on the
provider's own domains (``ProviderInfo.tenant_hosts``) or at the base URL the operator
pointed the provider at; anything else raises ``EgressRefused``.
"""

from __future__ import annotations

from glue_api.catalog import PROVIDERS, OAuthEndpoints
from glue_api.config import Settings
import httpx

from glue_providers.egress import EgressPolicy, EgressRefused, guarded_client, host_of, provider_origin


def tenant_url(settings: Settings, provider_name: str, url: str) -> str:
    """``url`` as the origin Glue will call, if the provider's domains (or the operator's override) allow it."""
    info = PROVIDERS[provider_name]
    override = settings.provider_base_urls.get(provider_name, "")
    if not info.tenant_hosts and not override:
        raise EgressRefused(host_of(url), f"{info.title} takes no URL from a tenant")
    return provider_origin(url, info.title, info.tenant_hosts, override)


def provider_http(settings: Settings, provider_name: str, **client_options) -> httpx.Client:
    """A client for calls to a provider: through the egress guard, which also lets through the host the
    operator pointed the provider at (an emulator on loopback, say)."""
    policy = EgressPolicy.from_env()
    override = settings.provider_base_urls.get(provider_name)
    if override:
        policy = policy.allowing_hosts([host_of(override)])
    return guarded_client(policy, **client_options)


def api_base_url(settings: Settings, provider_name: str, instance_url: str = "") -> str:
    override = settings.provider_base_urls.get(provider_name)
    if override:
        return override.rstrip("/")
    if instance_url:
        return tenant_url(settings, provider_name, instance_url)
    return PROVIDERS[provider_name].api_base_url.rstrip("/")


def oauth_base_url(settings: Settings, provider_name: str, login_url: str | None = None) -> str:
    override = settings.provider_base_urls.get(provider_name)
    if override:
        return override.rstrip("/")
    if login_url:
        return tenant_url(settings, provider_name, login_url)
    return oauth_endpoints(provider_name).base_url.rstrip("/")


def consent_page_url(settings: Settings, provider_name: str, login_url: str | None = None) -> str:
    """The provider's authorize (consent) page, which some providers serve from another host."""
    endpoints = oauth_endpoints(provider_name)
    if endpoints.authorize_base_url and not login_url and provider_name not in settings.provider_base_urls:
        return endpoints.authorize_base_url.rstrip("/") + endpoints.authorize_path
    return oauth_base_url(settings, provider_name, login_url) + endpoints.authorize_path


def token_url(settings: Settings, provider_name: str, login_url: str | None = None) -> str:
    return oauth_base_url(settings, provider_name, login_url) + oauth_endpoints(provider_name).token_path


def has_oauth(provider_name: str) -> bool:
    info = PROVIDERS.get(provider_name)
    return info is not None and info.oauth is not None


def oauth_endpoints(provider_name: str) -> OAuthEndpoints:
    oauth = PROVIDERS[provider_name].oauth
    if oauth is None:
        raise KeyError(f"{provider_name} has no OAuth endpoints in Glue's catalog")
    return oauth
