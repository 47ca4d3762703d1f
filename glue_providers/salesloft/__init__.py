"""Salesloft: known to the catalog (identity, category, OAuth); Glue has no OAuth endpoints or source for it yet."""

from glue_providers.spec import AuthType, Category, ProviderSpec

SPEC = ProviderSpec(
    "salesloft", Category.ENGAGEMENT, AuthType.OAUTH2,
    display_name="Salesloft", website="https://www.salesloft.com",
    tag_line="Sales engagement: cadences and conversations.",
)
