"""Zendesk Sell: OAuth CRM on ``https://api.getbase.com``; contacts (people and organisations), leads, deals
and users sync (its dlt source is in source/, its common CRM mapping in common.py)."""

from glue_providers.spec import (
    AuthType, Capability, Category, Emulator, OAuth, ProviderSpec, RateLimitReport, RateWindowHeaders,
)
from glue_providers.zendesk_sell.vault_examples import RESOURCES

SPEC = ProviderSpec(
    "zendesk_sell", Category.CRM, AuthType.OAUTH2,
    display_name="Zendesk Sell", website="https://www.zendesk.com/sell/",
    tag_line="Sales CRM from Zendesk.",
    # https://developer.zendesk.com/api-reference/sales-crm/authentication/: the token endpoint takes the
    # client's id and secret in HTTP Basic; "read" lists records, "profile" reads /v2/users/self.
    oauth=OAuth("https://api.getbase.com", "/oauth2/authorize", "/oauth2/token", client_auth="basic",
                default_scopes=("read", "profile"), revoke_path="/oauth2/revoke"),
    api_base_url="https://api.getbase.com",
    objects=("contacts", "leads", "deals", "users"),
    full_only_objects=frozenset({"users"}),  # read in full each run (see source/)
    source="glue_providers.zendesk_sell.source:build_source",
    capabilities=frozenset({Capability.RATE_LIMIT_INFO, Capability.PROVIDER_USER_ID, Capability.CUSTOM_FIELDS}),
    # 36,000 requests an hour per token; answers carry the hour's x-ratelimit-* figures.
    rate_limits=RateLimitReport("/v2/users/self", windows=(
        RateWindowHeaders("hourly", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"),
    )),
    user_lookup="glue_providers.zendesk_sell.users:authorizing_user",
    custom_fields="glue_providers.zendesk_sell.custom_fields:custom_fields",
    common_models="glue_providers.zendesk_sell.common:MAPPINGS",
    vault_resources=RESOURCES,
    emulator=Emulator("glue_emulators.zendesk_sell:create_emulator",
                      data={"contacts": 400, "leads": 120, "deals": 200, "users": 8}),
)
