"""A provider known to the catalog only (no source): what a sync config naming it is told. Registered by a
test through GLUE_PROVIDER_PACKAGES, like any provider package outside Glue."""

from glue_providers.spec import API_KEY_FIELD, AuthType, Category, ProviderSpec

SPEC = ProviderSpec(
    "catalog_only_crm", Category.CRM, AuthType.API_KEY,
    display_name="Catalog-only CRM", website="https://crm.example.com", form_fields=(API_KEY_FIELD,),
)
