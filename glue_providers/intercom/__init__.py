"""Intercom: customer messaging, connected by OAuth; contacts, companies, conversations and admins sync
(its dlt source is in source/).

Intercom's access tokens never expire and it issues no refresh token (``refresh_tokens=False``): Glue keeps
the token without an expiry, never tries to refresh it, and a 401 pauses the syncs until the workspace
authorizes again. Revocation is not declared: Glue found no token-revocation endpoint in Intercom's reference
(a workspace removes the app in its own settings). A workspace hosted in the EU or Australia is reached at
its regional host (``api.eu.intercom.io``, ``api.au.intercom.io``), given as the connection's
``instance_url`` through the Management API.
"""

from glue_providers.intercom.vault_examples import RESOURCES
from glue_providers.spec import (
    AuthType, Capability, Category, Emulator, OAuth, ProviderSpec, RateLimitReport, RateWindowHeaders,
)

SPEC = ProviderSpec(
    "intercom", Category.NO_CATEGORY, AuthType.OAUTH2,
    display_name="Intercom", website="https://www.intercom.com",
    tag_line="Customer messaging and support.",
    oauth=OAuth("https://api.intercom.io", "/oauth", "/auth/eagle/token",
                authorize_base_url="https://app.intercom.com", refresh_tokens=False),
    api_base_url="https://api.intercom.io",
    api_base_from=("instance_url",),
    tenant_hosts=("api.intercom.io", "api.eu.intercom.io", "api.au.intercom.io"),
    objects=("contacts", "companies", "conversations", "admins"),
    full_only_objects=frozenset({"companies", "admins"}),  # neither can be filtered by time
    source="glue_providers.intercom.source:build_source",
    capabilities=frozenset({Capability.RATE_LIMIT_INFO, Capability.PROVIDER_USER_ID, Capability.CUSTOM_FIELDS}),
    # Every answer reports the workspace's one-minute window; its reset is an epoch time, not seconds from now.
    rate_limits=RateLimitReport("/me", windows=(
        RateWindowHeaders("minute", "x-ratelimit-limit", "x-ratelimit-remaining"),
    )),
    user_lookup="glue_providers.intercom.users:authorizing_admin",
    custom_fields="glue_providers.intercom.custom_fields:custom_fields",
    vault_unified_api="customer-support",  # the Vault's family for conversations with customers
    vault_resources=RESOURCES,
    emulator=Emulator("glue_emulators.intercom:create_emulator",
                      data={"contacts": 2000, "companies": 300, "conversations": 800, "admins": 8}),
)
