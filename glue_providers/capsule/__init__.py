"""Capsule: OAuth CRM on ``https://api.capsulecrm.com`` (API under ``/api/v2``); parties (people and
organisations), opportunities and users sync (its dlt source is in source/, its common CRM mapping in
common.py)."""

from glue_providers.capsule.vault_examples import RESOURCES
from glue_providers.spec import (
    AuthType, Capability, Category, Emulator, OAuth, ProviderSpec, RateLimitReport, RateWindowHeaders,
)

SPEC = ProviderSpec(
    "capsule", Category.CRM, AuthType.OAUTH2,
    display_name="Capsule", website="https://capsulecrm.com",
    tag_line="A simple CRM for small businesses.",
    # https://developer.capsulecrm.com/v2/guides/authentication: the consent page is /oauth/authorise (British
    # spelling), the token endpoint takes the client's id and secret in the form. Capsule documents no
    # revocation endpoint, so Glue cannot revoke a Capsule token (a customer removes the app in Capsule).
    oauth=OAuth("https://api.capsulecrm.com", "/oauth/authorise", "/oauth/token", client_auth="body",
                default_scopes=("read",)),
    # The host: the source and the readers below add /api/v2, so an operator's override points at one origin
    # for both OAuth and the API.
    api_base_url="https://api.capsulecrm.com",
    objects=("parties", "opportunities", "users"),
    full_only_objects=frozenset({"users"}),  # one unpaged list without a time filter
    source="glue_providers.capsule.source:build_source",
    capabilities=frozenset({Capability.RATE_LIMIT_INFO, Capability.PROVIDER_USER_ID, Capability.CUSTOM_FIELDS}),
    # 4,000 requests an hour per account; X-RateLimit-Reset is an epoch second, not seconds from now, so the
    # window's reset time is not reported.
    rate_limits=RateLimitReport("/api/v2/users/current", windows=(
        RateWindowHeaders("hourly", "X-RateLimit-Limit", "X-RateLimit-Remaining"),
    )),
    user_lookup="glue_providers.capsule.users:authorizing_user",
    custom_fields="glue_providers.capsule.custom_fields:custom_fields",
    common_models="glue_providers.capsule.common:MAPPINGS",
    vault_resources=RESOURCES,
    emulator=Emulator("glue_emulators.capsule:create_emulator",
                      data={"parties": 500, "opportunities": 150, "users": 6}),
)
