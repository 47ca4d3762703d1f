"""Zendesk Sell: known to the catalog (identity, category, OAuth); Glue has no OAuth endpoints or source for it yet."""

from glue_providers.spec import AuthType, Category, ProviderSpec

SPEC = ProviderSpec(
    "zendesk_sell", Category.CRM, AuthType.OAUTH2,
    display_name="Zendesk Sell", website="https://www.zendesk.com/sell/",
    tag_line="Sales CRM from Zendesk.",
)
