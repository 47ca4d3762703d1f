"""Intercom: known to the catalog (identity, category, OAuth); Glue has no OAuth endpoints or source for it yet."""

from glue_providers.spec import AuthType, Category, ProviderSpec

SPEC = ProviderSpec(
    "intercom", Category.NO_CATEGORY, AuthType.OAUTH2,
    display_name="Intercom", website="https://www.intercom.com",
    tag_line="Customer messaging and support.",
)
