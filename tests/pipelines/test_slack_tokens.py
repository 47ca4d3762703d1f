"""Slack's bot token revoked through auth.revoke (the token as a form argument) by Glue's token client:
afterwards Slack refuses it with invalid_auth."""

from __future__ import annotations

import httpx

from glue_api.tokens.client import OAuthClient, revoke_token
from tests.pipelines.conftest import CLIENT_ID, CLIENT_SECRET


def test_glue_revokes_a_slack_bot_token_with_auth_revoke(glue, emulators):
    slack = emulators("slack", {"users": 2, "channels": 1, "messages": 1})
    glue.point_at(slack)
    token = "xoxb-" + slack.emulator.oauth.mint(CLIENT_ID)["access_token"]
    bot = {"Authorization": f"Bearer {token}"}
    assert httpx.post(f"{slack.url}/api/auth.test", headers=bot).json()["ok"] is True
    assert revoke_token(glue.settings, "slack", OAuthClient(CLIENT_ID, CLIENT_SECRET), token,
                        token_type_hint="access_token")
    assert httpx.post(f"{slack.url}/api/auth.test", headers=bot).json() == {"ok": False, "error": "invalid_auth"}
