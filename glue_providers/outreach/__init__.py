"""Outreach: known to the catalog (identity, category, OAuth); Glue has no OAuth endpoints or source for it yet."""

from glue_providers.spec import AuthType, Category, ProviderSpec

SPEC = ProviderSpec(
    "outreach", Category.ENGAGEMENT, AuthType.OAUTH2,
    display_name="Outreach", website="https://www.outreach.io",
    tag_line="Sales engagement: sequences, calls and email.",
)
