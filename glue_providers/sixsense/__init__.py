"""6sense: account intelligence, reached with an API token that Glue checks before storing it.

A lookup API (one company or person per request): it has no records to sync, so it declares no objects
or source and sync configs naming it are refused.
"""

from glue_providers.sixsense.check import check_api_key
from glue_providers.spec import API_KEY_FIELD, AuthType, Category, Emulator, ProviderSpec

SPEC = ProviderSpec(
    "6sense", Category.ENRICHMENT, AuthType.API_KEY,
    display_name="6sense", website="https://6sense.com",
    tag_line="Account intelligence and intent data.",
    form_fields=(API_KEY_FIELD,),
    key_guide="In 6sense, an administrator opens Settings, then API Token Management, and copies the "
              "token of the API the application uses.",
    credential_check=check_api_key,
    api_base_url="https://epsilon.6sense.com",
    # The emulator accepts the sandbox's token (glue_emulators.sixsense.SANDBOX_KEY), a local token.
    emulator=Emulator("glue_emulators.sixsense:create_emulator"),
)
