"""Marketo: known to the catalog (identity, category, OAuth); Glue has no OAuth endpoints or source for it yet."""

from glue_providers.spec import AuthType, Category, ProviderSpec

SPEC = ProviderSpec(
    "marketo", Category.MARKETING_AUTOMATION, AuthType.OAUTH2,
    display_name="Marketo", website="https://business.adobe.com/products/marketo.html",
    tag_line="Marketing automation from Adobe.",
)
