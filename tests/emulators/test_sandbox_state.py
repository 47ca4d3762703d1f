"""The sandbox's refresh tokens survive a restart, so connections made in the demo keep syncing."""

from __future__ import annotations

import pytest

from glue_emulators import apollo, hubspot, salesforce
from glue_emulators.oauth import OAuthError
from glue_emulators.sandbox import restore_refresh_tokens, save_refresh_tokens


def sandbox():
    return {"hubspot": hubspot.create_emulator({"contacts": 1}), "salesforce": salesforce.create_emulator({}),
            "apollo": apollo.create_emulator(["k"])}


def test_refresh_tokens_outlive_a_restart(tmp_path):
    state_file = tmp_path / "sandbox-oauth.json"
    before = sandbox()
    issued = before["salesforce"].oauth.mint("glue-sandbox", ["api", "refresh_token"])
    revoked = before["hubspot"].oauth.mint("glue-sandbox")
    before["hubspot"].oauth.revoke(revoked["refresh_token"])
    save_refresh_tokens(before, state_file)

    after = sandbox()
    with pytest.raises(OAuthError):
        after["salesforce"].oauth.refresh(issued["refresh_token"], "glue-sandbox")  # a fresh emulator forgot it
    restore_refresh_tokens(after, state_file)
    assert after["salesforce"].oauth.refresh(issued["refresh_token"], "glue-sandbox")["access_token"]
    assert after["salesforce"].oauth.refresh_grants()[issued["refresh_token"]]["scopes"] == ["api", "refresh_token"]
    with pytest.raises(OAuthError):
        after["hubspot"].oauth.refresh(revoked["refresh_token"], "glue-sandbox")  # revoked stays revoked


def test_no_state_file_restores_nothing(tmp_path):
    emulators = sandbox()
    restore_refresh_tokens(emulators, tmp_path / "missing.json")
    assert emulators["hubspot"].oauth.refresh_grants() == {}
