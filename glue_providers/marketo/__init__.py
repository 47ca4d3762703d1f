"""Marketo: leads and programs from the customer's own instance, reached with the client id and secret of a
LaunchPoint custom service (OAuth's client_credentials grant; Glue fetches the hour-long tokens itself).

Where a detail comes from Marketo's public reference, the module that uses it says so (client.py, source/).
"""

from glue_providers.marketo.check import check_client_credentials
from glue_providers.marketo.instance import INSTANCE_HOSTS
from glue_providers.marketo.vault_examples import RESOURCES
from glue_providers.spec import AuthType, Category, Emulator, FormField, ProviderSpec

SPEC = ProviderSpec(
    "marketo", Category.MARKETING_AUTOMATION, AuthType.CLIENT_CREDENTIALS,
    display_name="Marketo", website="https://business.adobe.com/products/marketo.html",
    tag_line="Marketing automation from Adobe.",
    # The client id travels with its secret (both are what the engine hands the source); the REST endpoint is
    # the instance's own host, checked against ``tenant_hosts`` before Glue calls it.
    form_fields=(
        FormField("client_id", "Client ID", required=True, sensitive=True),
        FormField("client_secret", "Client secret", required=True, sensitive=True),
        FormField("instance_url", "REST API endpoint", type="url", required=True,
                  placeholder="https://123-ABC-456.mktorest.com",
                  description="Admin, then Web Services, REST API: the endpoint without /rest."),
    ),
    key_guide="In Marketo, an admin opens Admin, then Integration, then LaunchPoint, selects the API-only custom "
              "service and chooses View Details for its client ID and secret; Admin, then Integration, then Web "
              "Services shows the REST API endpoint (https://<Munchkin account ID>.mktorest.com/rest).",
    credential_check=check_client_credentials,
    # https://<munchkin id>.mktorest.com, kept as the connection's instance URL.
    api_base_from=("instance_url",),
    tenant_hosts=INSTANCE_HOSTS,
    objects=("leads", "programs"),
    source="glue_providers.marketo.source:build_source",
    vault_resources=RESOURCES,
    client_credentials_token_path="/identity/oauth/token",
    # Leads and programs it serves; it accepts the sandbox's client (glue_emulators.marketo.SANDBOX_CLIENT).
    emulator=Emulator("glue_emulators.marketo:create_emulator", data={"leads": 60, "programs": 12},
                      sandbox_port=9110),
)
