"""Slack: known to the catalog (identity, category, OAuth); Glue has no OAuth endpoints or source for it yet."""

from glue_providers.spec import AuthType, Category, ProviderSpec

SPEC = ProviderSpec(
    "slack", Category.NO_CATEGORY, AuthType.OAUTH2,
    display_name="Slack", website="https://slack.com",
    tag_line="Team messaging.",
)
