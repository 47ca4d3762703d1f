"""Salesforce Marketing Cloud Account Engagement: known to the catalog (identity, category, OAuth); Glue has no OAuth endpoints or source for it yet."""

from glue_providers.spec import AuthType, Category, ProviderSpec

SPEC = ProviderSpec(
    "salesforce_marketing_cloud_account_engagement", Category.MARKETING_AUTOMATION, AuthType.OAUTH2,
    display_name="Salesforce Marketing Cloud Account Engagement", website="https://www.salesforce.com/marketing/b2b-automation/",
    tag_line="B2B marketing automation (formerly Pardot).",
)
