"""Pipedrive: OAuth CRM whose API lives on each company's host (the token answer's api_domain);
its dlt source is in source/."""

from glue_providers.pipedrive.vault_examples import RESOURCES
from glue_providers.spec import (
    AuthType, Capability, Category, Emulator, OAuth, ProviderSpec, RateLimitReport, RateWindowHeaders,
)

SPEC = ProviderSpec(
    "pipedrive", Category.CRM, AuthType.OAUTH2,
    display_name="Pipedrive", website="https://www.pipedrive.com",
    tag_line="A pipeline-first CRM for small sales teams.",
    oauth=OAuth("https://oauth.pipedrive.com", "/oauth/authorize", "/oauth/token", client_auth="basic",
                revoke_path="/oauth/revoke"),
    api_base_url="https://api.pipedrive.com",
    api_base_from=("api_domain",),
    tenant_hosts=(".pipedrive.com",),  # api_domain: https://{company}.pipedrive.com
    objects=("persons", "organizations", "deals", "leads", "users"),
    source="glue_providers.pipedrive.source:build_source",
    common_models="glue_providers.pipedrive.common:MAPPINGS",
    capabilities=frozenset({Capability.RATE_LIMIT_INFO, Capability.CUSTOM_FIELDS}),
    # Each answer reports the token's 2-second window (https://pipedrive.readme.io/docs/core-api-concepts-rate-limiting);
    # x-daily-requests-left comes without its limit, so it is not reported.
    rate_limits=RateLimitReport("/v1/users/me", windows=(
        RateWindowHeaders("two_secondly", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"),
    )),
    custom_fields="glue_providers.pipedrive.custom_fields:custom_fields",
    vault_resources=RESOURCES,
    emulator=Emulator("glue_emulators.pipedrive:create_emulator", sandbox_port=9103,
                      data={"persons": 2000, "organizations": 400, "deals": 600, "leads": 200, "users": 20}),
)
