"""Marketo: leads and programs from the customer's own instance, reached with the client id and secret of a
LaunchPoint custom service (OAuth's client_credentials grant; Glue fetches the hour-long tokens itself).

Where a detail comes from Marketo's public reference, the module that uses it says so (client.py, source/).
"""

from glue_providers.marketo.check import check_client_credentials
from glue_providers.marketo.instance import INSTANCE_HOSTS, INSTANCE_URL_TEMPLATE
from glue_providers.marketo.vault_examples import RESOURCES
from glue_providers.spec import AuthType, Category, Emulator, FormField, ProviderSpec

SPEC = ProviderSpec(
    "marketo", Category.MARKETING_AUTOMATION, AuthType.CLIENT_CREDENTIALS,
    display_name="Marketo", website="https://business.adobe.com/products/marketo.html",
    tag_line="Marketing automation from Adobe.",
    # All three are kept sealed with the connection's credentials, which the engine hands the source: the Munchkin
    # account ID names the instance (https://<id>.mktorest.com), so customers never type a URL.
    form_fields=(
        FormField("client_id", "Client ID", required=True, sensitive=True),
        FormField("client_secret", "Client secret", required=True, sensitive=True),
        FormField("munchkin_id", "Munchkin account ID", required=True, sensitive=True, placeholder="123-ABC-456",
                  description="The first part of the REST API endpoint: https://<Munchkin account ID>.mktorest.com"),
    ),
    key_guide="In Marketo, an admin opens Admin, then Integration, then LaunchPoint, selects the API-only custom "
              "service and chooses View Details for its client ID and secret; Admin, then Integration, then Web "
              "Services shows the REST API endpoint (https://<Munchkin account ID>.mktorest.com/rest).",
    credential_check=check_client_credentials,
    api_base_template=INSTANCE_URL_TEMPLATE,
    tenant_hosts=INSTANCE_HOSTS,
    objects=("leads", "programs"),
    source="glue_providers.marketo.source:build_source",
    vault_resources=RESOURCES,
    client_credentials_token_path="/identity/oauth/token",
    # Leads and programs it serves; it accepts the sandbox's client (glue_emulators.marketo.SANDBOX_CLIENT).
    emulator=Emulator("glue_emulators.marketo:create_emulator", data={"leads": 60, "programs": 12},
                      sandbox_port=9110),
)
