"""6sense: known to the catalog (identity, category, an API key); Glue cannot check its key or sync it yet."""

from glue_providers.spec import API_KEY_FIELD, AuthType, Category, ProviderSpec

SPEC = ProviderSpec(
    "6sense", Category.ENRICHMENT, AuthType.API_KEY,
    display_name="6sense", website="https://6sense.com",
    tag_line="Account intelligence and intent data.",
    form_fields=(API_KEY_FIELD,),
)
