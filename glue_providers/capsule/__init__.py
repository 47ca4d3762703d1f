"""Capsule: known to the catalog (identity, category, OAuth); Glue has no OAuth endpoints or source for it yet."""

from glue_providers.spec import AuthType, Category, ProviderSpec

SPEC = ProviderSpec(
    "capsule", Category.CRM, AuthType.OAUTH2,
    display_name="Capsule", website="https://capsulecrm.com",
    tag_line="A simple CRM for small businesses.",
)
