"""Microsoft Dynamics 365 Sales: known to the catalog (identity, category, OAuth); Glue has no OAuth endpoints or source for it yet."""

from glue_providers.spec import AuthType, Category, ProviderSpec

SPEC = ProviderSpec(
    "ms_dynamics_365_sales", Category.CRM, AuthType.OAUTH2,
    display_name="Microsoft Dynamics 365 Sales", website="https://dynamics.microsoft.com/sales/",
    tag_line="Microsoft's CRM for sales teams.",
)
