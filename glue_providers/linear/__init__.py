"""Linear: known to the catalog (identity, category, OAuth); Glue has no OAuth endpoints or source for it yet."""

from glue_providers.spec import AuthType, Category, ProviderSpec

SPEC = ProviderSpec(
    "linear", Category.NO_CATEGORY, AuthType.OAUTH2,
    display_name="Linear", website="https://linear.app",
    tag_line="Issue tracking for software teams.",
)
