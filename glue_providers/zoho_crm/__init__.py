"""Zoho CRM: OAuth CRM with one accounts server and one API host per data centre (the consent's
``accounts-server`` and the token answer's ``api_domain``); its dlt source is in source/."""

from glue_providers.spec import (
    AuthType, Capability, Category, Emulator, OAuth, ProviderSpec, RateLimitReport, RateWindowHeaders,
)
from glue_providers.zoho_crm.vault_examples import RESOURCES

# Zoho's data centres (https://www.zoho.com/accounts/protocol/oauth/multi-dc.html): accounts servers and API hosts.
ACCOUNTS_SERVERS = ("accounts.zoho.com", "accounts.zoho.eu", "accounts.zoho.in", "accounts.zoho.com.au",
                    "accounts.zoho.jp", "accounts.zoho.com.cn", "accounts.zohocloud.ca", "accounts.zoho.sa",
                    "accounts.zoho.uk")
API_DOMAINS = ("zohoapis.com", "zohoapis.eu", "zohoapis.in", "zohoapis.com.au", "zohoapis.jp", "zohoapis.com.cn",
               "zohoapis.ca", "zohoapis.sa", "zohoapis.uk")

SPEC = ProviderSpec(
    "zoho_crm", Category.CRM, AuthType.OAUTH2,
    display_name="Zoho CRM", website="https://www.zoho.com/crm/",
    tag_line="Zoho's customer relationship management suite.",
    oauth=OAuth("https://accounts.zoho.com", "/oauth/v2/auth", "/oauth/v2/token",
                default_scopes=("ZohoCRM.modules.ALL", "ZohoCRM.users.READ", "ZohoCRM.settings.fields.READ"),
                scope_separator=",",
                # A refresh token only comes with offline access, and only on a consent the user gave again.
                authorize_params=(("access_type", "offline"), ("prompt", "consent")),
                accounts_server_param="accounts-server",
                revoke_path="/oauth/v2/token/revoke?token={token}",
                refused_grant_codes=("invalid_code", "invalid_grant")),
    api_base_url="https://www.zohoapis.com",
    api_base_from=("api_domain",),
    tenant_hosts=(*ACCOUNTS_SERVERS, *API_DOMAINS),
    access_token_scheme="Zoho-oauthtoken",
    objects=("Leads", "Contacts", "Accounts", "Deals", "users"),
    custom_objects=True,  # custom modules, by API name
    source="glue_providers.zoho_crm.source:build_source",
    capabilities=frozenset({Capability.RATE_LIMIT_INFO, Capability.PROVIDER_USER_ID, Capability.CUSTOM_FIELDS}),
    # The credit allowance over Zoho's rolling 24 hours, as answers report it (see glue_emulators/zoho_crm/credits.py).
    rate_limits=RateLimitReport("/crm/v5/users?type=CurrentUser", windows=(
        RateWindowHeaders("daily", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"),
    )),
    user_lookup="glue_providers.zoho_crm.users:authorizing_user",
    custom_fields="glue_providers.zoho_crm.custom_fields:custom_fields",
    common_models="glue_providers.zoho_crm.common:MAPPINGS",
    vault_resources=RESOURCES,
    emulator=Emulator("glue_emulators.zoho_crm:create_emulator",
                      data={"Leads": 2000, "Contacts": 2000, "Accounts": 400, "Deals": 600, "users": 20}),
)
