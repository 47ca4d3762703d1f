"""Pipedrive: OAuth CRM whose API lives on each company's host (the token answer's api_domain);
its dlt source is in source/."""

from glue_providers.pipedrive.vault_examples import RESOURCES
from glue_providers.spec import AuthType, Category, Emulator, OAuth, ProviderSpec

SPEC = ProviderSpec(
    "pipedrive", Category.CRM, AuthType.OAUTH2,
    display_name="Pipedrive", website="https://www.pipedrive.com",
    tag_line="A pipeline-first CRM for small sales teams.",
    oauth=OAuth("https://oauth.pipedrive.com", "/oauth/authorize", "/oauth/token", client_auth="basic",
                revoke_path="/oauth/revoke"),
    api_base_url="https://api.pipedrive.com",
    api_base_from=("api_domain",),
    tenant_hosts=(".pipedrive.com",),  # api_domain: https://{company}.pipedrive.com
    objects=("persons", "organizations", "deals", "leads", "users"),
    source="glue_providers.pipedrive.source:build_source",
    vault_resources=RESOURCES,
    emulator=Emulator("glue_emulators.pipedrive:create_emulator", sandbox_port=9103,
                      data={"persons": 2000, "organizations": 400, "deals": 600, "leads": 200, "users": 20}),
)
