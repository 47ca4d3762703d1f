"""Linear: issue tracking, connected by OAuth; issues, comments, projects, teams and users sync (its dlt
source is in source/, on Linear's GraphQL API).

Linear issues refresh tokens to every OAuth app since April 2026 (access tokens live 24 hours, a refresh
rotates both); tokens are revoked at ``POST https://api.linear.app/oauth/revoke``. Scopes are comma separated;
Glue asks for ``read``.

Rate limits (https://linear.app/developers/rate-limiting): an hour's requests and an hour's query complexity
points per user, both reported on every answer (``X-RateLimit-Requests-*`` and ``X-RateLimit-Complexity-*``,
resets in epoch milliseconds); _rate_limit_info reads them from the cheapest query, the viewer's id.
"""

from glue_providers.linear.vault_examples import RESOURCES
from glue_providers.spec import (
    AuthType, Capability, Category, Emulator, OAuth, ProviderSpec, RateLimitReport, RateWindowHeaders,
)

SPEC = ProviderSpec(
    "linear", Category.NO_CATEGORY, AuthType.OAUTH2,
    display_name="Linear", website="https://linear.app",
    tag_line="Issue tracking for software teams.",
    oauth=OAuth("https://api.linear.app", "/oauth/authorize", "/oauth/token", authorize_base_url="https://linear.app",
                default_scopes=("read",), scope_separator=",", revoke_path="/oauth/revoke"),
    api_base_url="https://api.linear.app",
    objects=("issues", "comments", "projects", "teams", "users"),
    source="glue_providers.linear.source:build_source",
    capabilities=frozenset({Capability.RATE_LIMIT_INFO, Capability.PROVIDER_USER_ID}),
    rate_limits=RateLimitReport("/graphql", graphql_query="query { viewer { id } }", windows=(
        RateWindowHeaders("hourly", "X-RateLimit-Requests-Limit", "X-RateLimit-Requests-Remaining",
                          reset_at_ms="X-RateLimit-Requests-Reset"),
        RateWindowHeaders("complexity_hourly", "X-RateLimit-Complexity-Limit", "X-RateLimit-Complexity-Remaining",
                          reset_at_ms="X-RateLimit-Complexity-Reset"),
    )),
    user_lookup="glue_providers.linear.users:authorizing_user",
    vault_unified_api="issue-tracking",  # the Vault's family for issues, projects and teams
    vault_resources=RESOURCES,
    emulator=Emulator("glue_emulators.linear:create_emulator",
                      data={"issues": 2000, "comments": 3000, "projects": 40, "teams": 6, "users": 25}),
)
