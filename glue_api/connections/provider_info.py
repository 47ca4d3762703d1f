"""Live facts from a connection's provider: who authorized it, and how much API allowance is left.

What a provider offers is declared in its spec (``capabilities``, with ``rate_limits`` saying where the
figures are and ``user_lookup`` how the user is found); this module only runs those declarations.
Neither operation ever answers 5xx: where Glue has no rate-limit figures it answers ``{}`` (as Supaglue did),
where it cannot look the user up the spec's 501, and where the provider refuses the spec's 499.
"""

from __future__ import annotations

import time

from glue_api.connections.provider_calls import ProviderCall, json_object
from glue_api.errors import NotImplementedYet
from glue_providers.rate_limits import read_rate_limits
from glue_providers.spec import Capability, ProviderSpec, resolve


def reads_rate_limits(spec: ProviderSpec) -> bool:
    return spec.supports(Capability.RATE_LIMIT_INFO) and spec.rate_limits is not None


def looks_up_users(spec: ProviderSpec) -> bool:
    return spec.supports(Capability.PROVIDER_USER_ID) and bool(spec.user_lookup)


def rate_limit_info(call: ProviderCall) -> dict:
    """The windows the provider reports on one cheap read (its headers, or its body where the spec says so)."""
    report = call.spec.rate_limits
    response = call.post(report.path, {"query": report.graphql_query}) if report.graphql_query else call.get(report.path)
    body = json_object(response, call.failure, call.spec.title) if report.from_body else None
    try:
        return read_rate_limits(report, response.headers, body, time.time())
    except (KeyError, IndexError, TypeError, AttributeError, ValueError) as exc:  # a body reader met an odd shape
        raise call.failure(f"{call.spec.title} answered in a shape Glue does not understand "
                                  f"({type(exc).__name__}).") from None


def provider_user_id(call: ProviderCall) -> dict:
    return call.read(resolve(call.spec.user_lookup), call.credentials)


def no_user_lookup(spec: ProviderSpec) -> NotImplementedYet:
    return NotImplementedYet(f"Glue cannot look up the authorizing user of {spec.title} yet.")
