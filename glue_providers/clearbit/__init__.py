"""Clearbit: known to the catalog (identity, category, an API key); Glue cannot check its key or sync it yet."""

from glue_providers.spec import API_KEY_FIELD, AuthType, Category, ProviderSpec

SPEC = ProviderSpec(
    "clearbit", Category.ENRICHMENT, AuthType.API_KEY,
    display_name="Clearbit", website="https://clearbit.com",
    tag_line="Company and contact enrichment.",
    form_fields=(API_KEY_FIELD,),
)
