"""Live facts from a connection's provider: who authorized it, and how much API allowance is left.

Whether a provider offers each fact is declared in its spec (``capabilities``); how Glue reads it is here.
"""

from __future__ import annotations

import httpx

from glue_api.errors import GlueError, NotImplementedYet
from glue_providers import registry
from glue_providers.spec import Capability

SALESFORCE_API_VERSION = "v60.0"


class ProviderCallFailed(GlueError):
    status_code = 502
    code = "REMOTE_PROVIDER_ERROR"
    title = "The provider refused the request"


def _get(http: httpx.Client, url: str, token: str, **params) -> dict:
    try:
        response = http.get(url, headers={"authorization": f"Bearer {token}"}, params=params or None)
    except httpx.HTTPError as exc:
        raise ProviderCallFailed(f"Could not reach the provider ({type(exc).__name__}).") from None
    if response.status_code != 200:
        raise ProviderCallFailed(f"The provider answered {response.status_code}.")
    return response.json()


def hubspot_user(http: httpx.Client, api_base: str, access_token: str) -> dict:
    """The authorizing user, as the V3 owner HubSpot knows them by (found by the token's email)."""
    details = _get(http, f"{api_base}/oauth/v1/access-tokens/{access_token}", access_token)
    owners = _get(http, f"{api_base}/crm/v3/owners", access_token, email=details.get("user", ""))
    owner = (owners.get("results") or [None])[0]
    view = {"user_id": str(owner["id"]) if owner else str(details.get("user_id", "")),
            "raw_details": {k: v for k, v in details.items() if k != "token"}}
    if owner:
        view["additional_raw_details"] = owner
    return view


def salesforce_rate_limits(http: httpx.Client, instance_url: str, access_token: str) -> dict:
    limits = _get(http, f"{instance_url}/services/data/{SALESFORCE_API_VERSION}/limits/", access_token)
    daily = limits.get("DailyApiRequests") or {}
    return {"daily": {"limit": int(daily.get("Max", 0)), "remaining": int(daily.get("Remaining", 0))}}


def provider_user_id(provider_name: str, http: httpx.Client, api_base: str, credentials: dict) -> dict:
    if registry.get(provider_name).supports(Capability.PROVIDER_USER_ID) and provider_name in _USER_LOOKUPS:
        return _USER_LOOKUPS[provider_name](http, api_base, credentials["access_token"])
    raise NotImplementedYet(f"Glue cannot look up the authorizing user of {provider_name} yet.")


def rate_limit_info(provider_name: str, http: httpx.Client, api_base: str, credentials: dict) -> dict:
    if registry.get(provider_name).supports(Capability.RATE_LIMIT_INFO) and provider_name in _RATE_LIMIT_READERS:
        return _RATE_LIMIT_READERS[provider_name](http, api_base, credentials["access_token"])
    raise NotImplementedYet(f"Glue cannot read {provider_name}'s rate limits yet.")


_USER_LOOKUPS = {"hubspot": hubspot_user}
_RATE_LIMIT_READERS = {"salesforce": salesforce_rate_limits}
