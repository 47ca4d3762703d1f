"""Gong: revenue intelligence, reached with an access key and its secret, or through Gong's OAuth app flow
when the application configures Gong with ``auth_type: oauth2``; users and calls sync (its dlt source is in
source/).

OAuth (https://help.gong.io/docs/create-an-app-for-gong): a technical administrator consents at
``app.gong.io/oauth2/authorize``; the code and later refresh tokens go to ``POST
app.gong.io/oauth2/generate-customer-token`` with the grant in the query string and the client in HTTP Basic.
The answer names the customer's own API host (``api_base_url_for_customer``, e.g. ``https://us-1234.api.gong.io``),
which a token connection then calls with ``Authorization: Bearer``; access tokens last a day, and Gong's refresh
tokens are single-use (each refresh answers a new one). Gong documents no revocation endpoint.
"""

from glue_providers.gong.check import check_access_key
from glue_providers.gong.vault_examples import RESOURCES
from glue_providers.spec import AuthType, Category, Emulator, FormField, OAuth, ProviderSpec

SPEC = ProviderSpec(
    "gong", Category.NO_CATEGORY, AuthType.ACCESS_KEY_SECRET,
    display_name="Gong", website="https://www.gong.io", tag_line="Revenue intelligence from customer conversations.",
    form_fields=(FormField("access_key", "Access key", required=True, sensitive=True),
                 FormField("access_key_secret", "Access key secret", required=True, sensitive=True)),
    key_guide="In Gong, a technical administrator opens Admin center, then Settings, then Ecosystem, "
              "then API, and chooses Get API key: it shows the access key and its secret once.",
    credential_check=check_access_key,
    oauth=OAuth("https://app.gong.io", "/oauth2/authorize", "/oauth2/generate-customer-token", client_auth="basic",
                grant_in_query=True, default_scopes=("api:users:read", "api:calls:read:basic")),
    api_base_url="https://api.gong.io",
    api_base_from=("api_base_url_for_customer",),  # only OAuth connections hold one
    tenant_hosts=(".api.gong.io",),
    objects=("users", "calls"),
    full_only_objects=frozenset({"users"}),  # Gong lists users without a time filter
    source="glue_providers.gong.source:build_source",
    vault_unified_api="crm",  # the Vault's family for calls recorded about the accounts and deals of a CRM
    vault_resources=RESOURCES,
    # Records per object; the emulator accepts the sandbox's key pair (glue_emulators.gong.SANDBOX_CREDENTIALS).
    emulator=Emulator("glue_emulators.gong:create_emulator", data={"users": 25, "calls": 1500}, sandbox_port=9105),
)
