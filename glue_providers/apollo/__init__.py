"""Apollo: prospecting and engagement, reached with an API key (not synced yet)."""

from glue_providers.apollo.check import check_api_key
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
    capabilities=frozenset({Capability.RATE_LIMIT_INFO}),
    # Every answer reports the key's fixed per-minute, hourly and daily windows (Apollo's rate-limit documentation).
    rate_limits=RateLimitReport("/api/v1/auth/health", windows=(
        RateWindowHeaders("minute", "x-rate-limit-minute", "x-minute-requests-left"),
        RateWindowHeaders("hourly", "x-rate-limit-hourly", "x-hourly-requests-left"),
        RateWindowHeaders("daily", "x-rate-limit-daily", "x-daily-requests-left"),
    )),
    # What the sandbox's emulator accepts: type it on the hosted pages (a local key, not a real credential).
    emulator=Emulator("glue_emulators.apollo:create_emulator", data=["sandbox-apollo-key"], sandbox_port=9104),
)
