"""Where a provider's API and OAuth endpoints are, after per-environment overrides.

URLs that come from a tenant, a consumer or a provider's token answer (Salesforce's
``instance_url`` and ``login_url``, Pipedrive's ``api_domain``) are used only on the
provider's own domains (its spec's ``tenant_hosts``) or at the base URL the operator
pointed the provider at; anything else raises ``EgressRefused``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from glue_api.config import Settings
import httpx

from glue_providers import registry
from glue_providers.egress import EgressPolicy, EgressRefused, guarded_client, host_of, provider_origin
from glue_providers.spec import OAuth


def tenant_url(settings: Settings, provider_name: str, url: str) -> str:
    """``url`` as the origin Glue will call, if the provider's domains (or the operator's override) allow it."""
    spec = registry.get(provider_name)
    override = settings.provider_base_urls.get(provider_name, "")
    if not spec.tenant_hosts and not override:
        raise EgressRefused(host_of(url), f"{spec.title} takes no URL from a tenant")
    return provider_origin(url, spec.title, spec.tenant_hosts, override)


def provider_http(settings: Settings, provider_name: str, **client_options) -> httpx.Client:
    """A client for calls to a provider: through the egress guard, which also lets through the host the
    operator pointed the provider at (an emulator on loopback, say)."""
    policy = EgressPolicy.from_env()
    override = settings.provider_base_urls.get(provider_name)
    if override:
        policy = policy.allowing_hosts([host_of(override)])
    return guarded_client(policy, **client_options)


def api_base_url(
    settings: Settings, provider_name: str, instance_url: str = "", credentials: Mapping[str, Any] | None = None
) -> str:
    """Where a connection's API lives: the operator's override, else the provider's rule (its spec's
    ``api_base``) over the connection's credentials and its stored ``instance_url``."""
    override = settings.provider_base_urls.get(provider_name)
    if override:
        return override.rstrip("/")
    spec = registry.get(provider_name)
    known = {"instance_url": instance_url} | {key: value for key, value in (credentials or {}).items() if value}
    base = spec.api_base(known)
    if base != spec.api_base_url.rstrip("/"):  # the connection's own host: supplied by a tenant or a token answer
        return tenant_url(settings, provider_name, base)
    return base


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
    info = registry.find(provider_name)
    return info is not None and info.oauth is not None


def oauth_endpoints(provider_name: str) -> OAuth:
    oauth = registry.get(provider_name).oauth
    if oauth is None:
        raise KeyError(f"{provider_name} has no OAuth endpoints in Glue's catalog")
    return oauth
