"""Microsoft Dynamics 365 Sales: OAuth through the Microsoft identity platform, whose scope names the
customer's organisation URL (``https://{org}.crm.dynamics.com``), which is also where the Web API lives.

The connect flow therefore asks for the organisation URL before the consent page (``consent_fields``),
and every refresh names the scope again, as Microsoft's token endpoint wants. Microsoft has no
endpoint to revoke these tokens: disconnecting forgets them in Glue (the customer or their admin
revokes sessions in Entra ID). Its dlt source is in source/.
"""

from glue_providers.ms_dynamics_365_sales.vault_examples import RESOURCES
from glue_providers.spec import (
    AuthType, Capability, Category, Emulator, FormField, OAuth, ProviderSpec, RateLimitReport, RateWindowHeaders,
)

SPEC = ProviderSpec(
    "ms_dynamics_365_sales", Category.CRM, AuthType.OAUTH2,
    display_name="Microsoft Dynamics 365 Sales", website="https://dynamics.microsoft.com/sales/",
    tag_line="Microsoft's CRM for sales teams.",
    oauth=OAuth(
        # Work and school accounts of any tenant: the organisation decides who may consent.
        "https://login.microsoftonline.com", "/organizations/oauth2/v2.0/authorize",
        "/organizations/oauth2/v2.0/token", pkce=True,
        default_scopes=("{instance_url}/user_impersonation", "offline_access"),
        consent_fields=("instance_url",), refresh_scopes=True,
        # A refresh needing the user again (MFA, consent withdrawn: AADSTS50076, 65001) is as dead as a refused one.
        refused_grant_codes=("invalid_grant", "interaction_required"),
    ),
    form_fields=(
        FormField("instance_url", "Organization URL", "url", required=True,
                  placeholder="https://yourorg.crm.dynamics.com",
                  description="Your Dynamics 365 organization's address, as your browser shows it."),
    ),
    api_base_from=("instance_url",),
    # Dataverse environments: *.crm.dynamics.com and the regional crm2 ... crm21 (.dynamics.com), US
    # government clouds (*.crm9.dynamics.com, *.crm.microsoftdynamics.us, *.crm.appsplatform.us) and
    # the 21Vianet cloud in China (*.crm.dynamics.cn).
    tenant_hosts=(".dynamics.com", ".microsoftdynamics.us", ".appsplatform.us", ".dynamics.cn"),
    objects=("account", "contact", "lead", "opportunity", "systemuser"),
    custom_objects=True,  # the customer's own tables, by logical name (new_project)
    source="glue_providers.ms_dynamics_365_sales.source:build_source",
    capabilities=frozenset({Capability.RATE_LIMIT_INFO, Capability.PROVIDER_USER_ID, Capability.CUSTOM_FIELDS}),
    # Service protection: 6,000 requests per user per five minutes (a sliding window); every answer says
    # what is left (https://learn.microsoft.com/power-apps/developer/data-platform/api-limits).
    rate_limits=RateLimitReport("/api/data/v9.2/WhoAmI", windows=(
        RateWindowHeaders("five_minutely", "", "x-ms-ratelimit-burst-remaining-xrm-requests", known_limit=6000),
    )),
    user_lookup="glue_providers.ms_dynamics_365_sales.metadata:authorizing_user",
    common_models="glue_providers.ms_dynamics_365_sales.common:MAPPINGS",
    custom_fields="glue_providers.ms_dynamics_365_sales.metadata:custom_fields",
    vault_resources=RESOURCES,
    emulator=Emulator("glue_emulators.ms_dynamics_365_sales:create_emulator",
                      data={"account": 400, "contact": 2000, "lead": 300, "opportunity": 600, "systemuser": 20}),
)
