"""Clearbit: company and contact enrichment, reached with a secret API key that Glue checks before storing it.

A lookup API (one person or company per request): it has no records to sync, so it declares no objects
or source and sync configs naming it are refused.
"""

from glue_providers.clearbit.check import check_api_key
from glue_providers.spec import API_KEY_FIELD, AuthType, Category, Emulator, ProviderSpec

SPEC = ProviderSpec(
    "clearbit", Category.ENRICHMENT, AuthType.API_KEY,
    display_name="Clearbit", website="https://clearbit.com",
    tag_line="Company and contact enrichment.",
    form_fields=(API_KEY_FIELD,),
    key_guide="In Clearbit, open the dashboard's API page: copy the secret key (it starts with sk_).",
    credential_check=check_api_key,
    api_base_url="https://person.clearbit.com",
    # The emulator accepts the sandbox's key (glue_emulators.clearbit.SANDBOX_KEY), a local key.
    emulator=Emulator("glue_emulators.clearbit:create_emulator"),
)
