"""Zoho CRM: known to the catalog (identity, category, OAuth); Glue has no OAuth endpoints or source for it yet."""

from glue_providers.spec import AuthType, Category, ProviderSpec

SPEC = ProviderSpec(
    "zoho_crm", Category.CRM, AuthType.OAUTH2,
    display_name="Zoho CRM", website="https://www.zoho.com/crm/",
    tag_line="Zoho's customer relationship management suite.",
)
