"""Outreach: OAuth sales engagement platform on one fixed host (API v2 under /api/v2, OAuth under /oauth);
prospects, accounts, users, sequences, sequence states, mailboxes and sequence steps sync, incrementally
on ``updatedAt`` (its dlt source is in source/)."""

from glue_providers.outreach.objects import OBJECTS
from glue_providers.outreach.vault_examples import RESOURCES
from glue_providers.spec import (
    AuthType, Capability, Category, Emulator, OAuth, ProviderSpec, RateLimitReport, RateWindowHeaders,
)

SPEC = ProviderSpec(
    "outreach", Category.ENGAGEMENT, AuthType.OAUTH2,
    display_name="Outreach", website="https://www.outreach.io",
    tag_line="Sales engagement: sequences, calls and email.",
    # https://developers.outreach.io/api/getting-started/: scopes space-separated, client secret in the body.
    oauth=OAuth(
        "https://api.outreach.io", "/oauth/authorize", "/oauth/token",
        default_scopes=("prospects.read", "accounts.read", "users.read", "sequences.read", "sequenceStates.read",
                        "mailboxes.read", "sequenceSteps.read"),
    ),
    api_base_url="https://api.outreach.io",
    objects=OBJECTS,
    source="glue_providers.outreach.source:build_source",
    # No PROVIDER_USER_ID: Supaglue's _provider_user_id names only HubSpot, Dynamics and Intercom, so no API
    # operation could ask Outreach (whose API root would say, in meta.user) who authorized.
    capabilities=frozenset({Capability.RATE_LIMIT_INFO, Capability.CUSTOM_FIELDS}),
    # Every answer reports the user's hourly allowance of 10,000 requests; the reset is a Unix time.
    rate_limits=RateLimitReport("/api/v2/users?page%5Bsize%5D=1&count=false", windows=(
        RateWindowHeaders("hourly", "x-ratelimit-limit", "x-ratelimit-remaining", reset_at="x-ratelimit-reset"),
    )),
    custom_fields="glue_providers.outreach.custom_fields:custom_fields",
    common_models="glue_providers.outreach.common:MAPPINGS",
    vault_resources=RESOURCES,
    emulator=Emulator("glue_emulators.outreach:create_emulator", data={
        "prospects": 2000, "accounts": 400, "users": 20, "sequences": 30, "sequenceStates": 1500,
        "mailboxes": 20, "sequenceSteps": 120}),
)
