"""A small provider declared in one folder, registered only through GLUE_PROVIDER_PACKAGES.

It has what a syncable provider needs and nothing more: identity, an API key, one standard
object with a source, an example record for the Vault and an emulator to serve it offline.
"""

from glue_providers.resources import ProviderResource, fields
from glue_providers.spec import API_KEY_FIELD, AuthType, Category, Emulator, ProviderSpec

SPEC = ProviderSpec(
    "example_crm", Category.CRM, AuthType.API_KEY,
    display_name="Example CRM", website="https://crm.example.com", tag_line="A provider made for Glue's tests.",
    form_fields=(API_KEY_FIELD,),
    api_base_url="https://api.crm.example.com",
    objects=("widgets", "gadgets"),
    source="tests.providers.example_provider.source:build_source",
    vault_resources=(ProviderResource("companies", "Companies", "widgets", "Widgets", fields(
        ("id", "string", "w-1"), ("name", "string", "Sprocket"), ("updated_at", "date-time", "2024-05-21T16:40:12Z"),
    )),),
    emulator=Emulator("tests.providers.example_provider.emulator:create_emulator", data={"widgets": 3, "gadgets": 2}),
)
