"""Slack: team messaging, connected by OAuth v2 with a bot token; users, channels and messages (with their
threads' replies) sync (its dlt source is in source/, which explains how message histories are read within
Slack's history limits).

Bot tokens without token rotation never expire and come with no refresh token (``refresh_tokens=False``): a
refused token (``invalid_auth``, ``token_revoked``, ``account_inactive``) pauses the syncs until the workspace
installs the app again. Slack reports no rate-limit figures (only ``Retry-After`` on a refused call), so
Glue declares none.
"""

from glue_providers.slack.vault_examples import RESOURCES
from glue_providers.spec import AuthType, Category, Emulator, OAuth, ProviderSpec

SPEC = ProviderSpec(
    "slack", Category.NO_CATEGORY, AuthType.OAUTH2,
    display_name="Slack", website="https://slack.com",
    tag_line="Team messaging.",
    # https://docs.slack.dev/authentication/installing-with-oauth: bot scopes comma-separated; the token
    # answer is {"ok": true, "access_token": "xoxb-...", "team": {...}}.
    oauth=OAuth("https://slack.com", "/oauth/v2/authorize", "/api/oauth.v2.access",
                default_scopes=("users:read", "channels:read", "groups:read", "channels:history",
                                "groups:history"),
                scope_separator=",", refresh_tokens=False,
                # auth.revoke takes the token as a form argument and answers 200 (with "ok": false when the
                # token was already dead, which ends it just as well).
                revoke_path="/api/auth.revoke"),
    api_base_url="https://slack.com",
    objects=("users", "channels", "messages"),
    full_only_objects=frozenset({"users", "channels"}),  # Slack cannot filter them by time
    source="glue_providers.slack.source:build_source",
    vault_unified_api="team-messaging",  # the Vault's family for channels and messages
    vault_resources=RESOURCES,
    emulator=Emulator("glue_emulators.slack:create_emulator",
                      data={"users": 50, "channels": 12, "messages": 1000}),
)
