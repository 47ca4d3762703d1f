"""Apollo: prospecting and engagement, reached with an API key (not synced yet)."""

from glue_providers.apollo.check import check_api_key
from glue_providers.spec import API_KEY_FIELD, AuthType, Category, Emulator, ProviderSpec

SPEC = ProviderSpec(
    "apollo", Category.ENGAGEMENT, AuthType.API_KEY,
    display_name="Apollo", website="https://www.apollo.io", tag_line="Prospecting data and sales engagement.",
    form_fields=(API_KEY_FIELD,),
    key_guide="In Apollo, open Settings, then Integrations, then API, and create an API key.",
    credential_check=check_api_key,
    api_base_url="https://api.apollo.io",
    # What the sandbox's emulator accepts: type it on the hosted pages (a local key, not a real credential).
    emulator=Emulator("glue_emulators.apollo:create_emulator", data=["sandbox-apollo-key"], sandbox_port=9104),
)
