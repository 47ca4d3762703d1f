"""Linear: issue tracking, connected by OAuth; issues, comments, projects, teams and users sync (its dlt
source is in source/, on Linear's GraphQL API).

Linear issues refresh tokens to every OAuth app since April 2026 (access tokens live 24 hours, a refresh
rotates both); tokens are revoked at ``POST https://api.linear.app/oauth/revoke``. Scopes are comma separated;
Glue asks for ``read``.
"""

from glue_providers.linear.vault_examples import RESOURCES
from glue_providers.spec import AuthType, Category, Emulator, OAuth, ProviderSpec

SPEC = ProviderSpec(
    "linear", Category.NO_CATEGORY, AuthType.OAUTH2,
    display_name="Linear", website="https://linear.app",
    tag_line="Issue tracking for software teams.",
    oauth=OAuth("https://api.linear.app", "/oauth/authorize", "/oauth/token", authorize_base_url="https://linear.app",
                default_scopes=("read",), scope_separator=",", revoke_path="/oauth/revoke"),
    api_base_url="https://api.linear.app",
    objects=("issues", "comments", "projects", "teams", "users"),
    source="glue_providers.linear.source:build_source",
    vault_resources=RESOURCES,
    emulator=Emulator("glue_emulators.linear:create_emulator",
                      data={"issues": 2000, "comments": 3000, "projects": 40, "teams": 6, "users": 25}),
)
