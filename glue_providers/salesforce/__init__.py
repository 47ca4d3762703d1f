"""Salesforce: OAuth CRM whose API lives on each org's own instance URL; its dlt source is in source/."""

from glue_providers.salesforce.vault_examples import RESOURCES
from glue_providers.salesforce.rest import LIMITS_PATH
from glue_providers.spec import (
    AuthType, Capability, Category, Emulator, FormField, OAuth, ProviderSpec, RateLimitReport,
)

SPEC = ProviderSpec(
    "salesforce", Category.CRM, AuthType.OAUTH2,
    display_name="Salesforce", website="https://www.salesforce.com",
    tag_line="The customer platform behind Sales Cloud, Service Cloud and more.",
    oauth=OAuth(
        "https://login.salesforce.com", "/services/oauth2/authorize", "/services/oauth2/token", pkce=True,
        default_scopes=("api", "refresh_token"), revoke_path="/services/oauth2/revoke",
        sandbox_login_url="https://test.salesforce.com",
    ),
    form_fields=(
        FormField("instance_url", "Instance URL", "url", placeholder="https://yourcompany.my.salesforce.com",
                  description="Your org's own URL; filled in when you authorize."),
        FormField("login_url", "Login URL", "url", placeholder="https://login.salesforce.com",
                  description="Where to sign in: https://test.salesforce.com for a sandbox org."),
    ),
    api_base_from=("instance_url",),
    # Salesforce's own domains (its "allow the required domains" list): My Domain and instance hosts
    # (*.my.salesforce.com, eu55.salesforce.com, login/test.salesforce.com), Experience Cloud and older
    # My Domains (*.force.com, *.cloudforce.com), Database.com orgs, Government Cloud Plus and the
    # Alibaba-hosted orgs in China.
    tenant_hosts=(".salesforce.com", ".my.salesforce.com", ".force.com", ".cloudforce.com", ".database.com",
                  ".salesforce.mil", ".sfcrmproducts.cn"),
    objects=("Account", "Contact", "Lead", "Opportunity", "User"),
    custom_objects=True,
    source="glue_providers.salesforce.source:build_source",
    common_models="glue_providers.salesforce.common:MAPPINGS",
    capabilities=frozenset({Capability.RATE_LIMIT_INFO, Capability.CUSTOM_FIELDS}),
    rate_limits=RateLimitReport(LIMITS_PATH, from_body="glue_providers.salesforce.rest:rate_limit_info"),
    custom_fields="glue_providers.salesforce.rest:custom_fields",
    vault_resources=RESOURCES,
    emulator=Emulator("glue_emulators.salesforce:create_emulator", sandbox_port=9102,
                      data={"Account": 400, "Contact": 2000, "Lead": 300, "Opportunity": 600, "User": 20}),
)
