"""HubSpot: OAuth CRM whose API lives at one fixed host; its dlt source is in source/."""

from glue_providers.hubspot.vault_examples import RESOURCES
from glue_providers.spec import (
    AuthType, Capability, Category, Emulator, OAuth, ProviderSpec, RateLimitReport, RateWindowHeaders,
)

SPEC = ProviderSpec(
    "hubspot", Category.CRM, AuthType.OAUTH2,
    display_name="HubSpot", website="https://www.hubspot.com",
    tag_line="CRM, marketing, sales and service software for growing companies.",
    oauth=OAuth(
        "https://api.hubapi.com", "/oauth/authorize", "/oauth/v1/token",
        default_scopes=("oauth", "crm.objects.contacts.read", "crm.objects.companies.read", "crm.objects.deals.read",
                        "crm.objects.owners.read"),
        revoke_path="/oauth/v1/refresh-tokens/{token}", revoke_method="DELETE",
        refused_grant_codes=("invalid_grant", "BAD_REFRESH_TOKEN", "BAD_AUTH_CODE"),
    ),
    api_base_url="https://api.hubapi.com",
    objects=("contacts", "companies", "deals", "leads", "owners"),
    custom_objects=True,
    source="glue_providers.hubspot.source:build_source",
    common_models="glue_providers.hubspot.common:MAPPINGS",
    capabilities=frozenset({Capability.PROVIDER_USER_ID, Capability.CUSTOM_FIELDS, Capability.RATE_LIMIT_INFO}),
    # Every CRM answer reports the app's rolling ten-second window; private app tokens also get the daily
    # allowance (https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details).
    rate_limits=RateLimitReport("/crm/v3/objects/contacts?limit=1", windows=(
        RateWindowHeaders("ten_secondly", "X-HubSpot-RateLimit-Max", "X-HubSpot-RateLimit-Remaining"),
        RateWindowHeaders("secondly", "X-HubSpot-RateLimit-Secondly", "X-HubSpot-RateLimit-Secondly-Remaining"),
        RateWindowHeaders("daily", "X-HubSpot-RateLimit-Daily", "X-HubSpot-RateLimit-Daily-Remaining"),
    )),
    custom_fields="glue_providers.hubspot.custom_fields:custom_fields",
    user_lookup="glue_providers.hubspot.users:authorizing_user",
    vault_resources=RESOURCES,
    emulator=Emulator("glue_emulators.hubspot:create_emulator", sandbox_port=9101,
                      data={"contacts": 2000, "companies": 400, "deals": 600, "leads": 200, "owners": 20}),
)
