"""Gong: revenue intelligence, reached with an access key and its secret (not synced yet)."""

from glue_providers.gong.check import check_access_key
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
    # What the sandbox's emulator accepts (a local key and secret, not real credentials).
    emulator=Emulator("glue_emulators.gong:create_emulator", data=[("sandbox-gong-key", "sandbox-gong-secret")],
                      sandbox_port=9105),
)
