"""Gong: revenue intelligence, reached with an access key and its secret; users and calls sync
(its dlt source is in source/)."""

from glue_providers.gong.check import check_access_key
from glue_providers.gong.vault_examples import RESOURCES
from glue_providers.spec import AuthType, Category, Emulator, FormField, ProviderSpec

SPEC = ProviderSpec(
    "gong", Category.NO_CATEGORY, AuthType.ACCESS_KEY_SECRET,
    display_name="Gong", website="https://www.gong.io", tag_line="Revenue intelligence from customer conversations.",
    form_fields=(FormField("access_key", "Access key", required=True, sensitive=True),
                 FormField("access_key_secret", "Access key secret", required=True, sensitive=True)),
    key_guide="In Gong, a technical administrator opens Admin center, then Settings, then Ecosystem, "
              "then API, and chooses Get API key: it shows the access key and its secret once.",
    credential_check=check_access_key,
    api_base_url="https://api.gong.io",
    objects=("users", "calls"),
    full_only_objects=frozenset({"users"}),  # Gong lists users without a time filter
    source="glue_providers.gong.source:build_source",
    vault_unified_api="crm",  # the Vault's family for calls recorded about the accounts and deals of a CRM
    vault_resources=RESOURCES,
    # Records per object; the emulator accepts the sandbox's key pair (glue_emulators.gong.SANDBOX_CREDENTIALS).
    emulator=Emulator("glue_emulators.gong:create_emulator", data={"users": 25, "calls": 1500}, sandbox_port=9105),
)
