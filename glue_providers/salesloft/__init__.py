"""Salesloft: sales engagement over OAuth; people, accounts, users, cadences and cadence memberships sync
within the team's cost per minute (its dlt source is in source/, its common engagement mapping in common.py)."""

from glue_providers.salesloft.vault_examples import RESOURCES
from glue_providers.spec import (
    AuthType, Capability, Category, Emulator, OAuth, ProviderSpec, RateLimitReport, RateWindowHeaders,
)

SPEC = ProviderSpec(
    "salesloft", Category.ENGAGEMENT, AuthType.OAUTH2,
    display_name="Salesloft", website="https://www.salesloft.com",
    tag_line="Sales engagement: cadences and conversations.",
    # https://developers.salesloft.com/docs/platform/api-basics/oauth-authentication/: scopes are set on the
    # app, not asked for; the client's id and secret go in the token request's form.
    oauth=OAuth("https://accounts.salesloft.com", "/oauth/authorize", "/oauth/token"),
    api_base_url="https://api.salesloft.com",
    objects=("people", "accounts", "users", "cadences", "cadence_memberships"),
    full_only_objects=frozenset({"users"}),  # Salesloft's users list takes no time filter
    source="glue_providers.salesloft.source:build_source",
    capabilities=frozenset({Capability.RATE_LIMIT_INFO, Capability.PROVIDER_USER_ID, Capability.CUSTOM_FIELDS}),
    # Every answer says what is left of the team's cost for the minute; the limit itself (600) is documented,
    # not sent (https://developers.salesloft.com/docs/platform/api-basics/rate-limits/).
    rate_limits=RateLimitReport("/v2/me", windows=(
        RateWindowHeaders("minute", "", "x-ratelimit-remaining-minute", known_limit=600),
    )),
    custom_fields="glue_providers.salesloft.custom_fields:custom_fields",
    user_lookup="glue_providers.salesloft.users:authorizing_user",
    common_models="glue_providers.salesloft.common:MAPPINGS",
    vault_resources=RESOURCES,
    emulator=Emulator("glue_emulators.salesloft:create_emulator", data={
        "people": 2000, "accounts": 400, "users": 12, "cadences": 20, "cadence_memberships": 1500}),
)
