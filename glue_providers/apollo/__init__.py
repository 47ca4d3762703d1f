"""Apollo: prospecting and engagement, reached with an API key; contacts, accounts, sequences, users
and mailboxes sync in full (its dlt source is in source/)."""

from glue_providers.apollo.check import check_api_key
from glue_providers.apollo.vault_examples import RESOURCES
from glue_providers.spec import (
    API_KEY_FIELD, AuthType, Capability, Category, Emulator, ProviderSpec, RateLimitReport, RateWindowHeaders,
)

SPEC = ProviderSpec(
    "apollo", Category.ENGAGEMENT, AuthType.API_KEY,
    display_name="Apollo", website="https://www.apollo.io", tag_line="Prospecting data and sales engagement.",
    form_fields=(API_KEY_FIELD,),
    key_guide="In Apollo, open Settings, then Integrations, then API, and create an API key.",
    credential_check=check_api_key,
    api_base_url="https://api.apollo.io",
    api_key_header="x-api-key",
    objects=("contacts", "accounts", "emailer_campaigns", "users", "email_accounts"),
    full_only_objects=frozenset({"contacts", "accounts", "emailer_campaigns", "users", "email_accounts"}),
    source="glue_providers.apollo.source:build_source",
    common_models="glue_providers.apollo.common:MAPPINGS",
    capabilities=frozenset({Capability.RATE_LIMIT_INFO}),
    # Every answer reports the key's fixed per-minute, hourly and daily windows (Apollo's rate-limit documentation).
    rate_limits=RateLimitReport("/api/v1/auth/health", windows=(
        RateWindowHeaders("minute", "x-rate-limit-minute", "x-minute-requests-left"),
        RateWindowHeaders("hourly", "x-rate-limit-hourly", "x-hourly-requests-left"),
        RateWindowHeaders("daily", "x-rate-limit-daily", "x-daily-requests-left"),
    )),
    vault_resources=RESOURCES,
    # Records per object; the emulator accepts the sandbox's key (glue_emulators.apollo.SANDBOX_KEY): type it
    # on the hosted pages (a local key, not a real credential).
    emulator=Emulator("glue_emulators.apollo:create_emulator", sandbox_port=9104, data={
        "contacts": 2000, "accounts": 400, "emailer_campaigns": 12, "users": 8, "email_accounts": 8}),
)
