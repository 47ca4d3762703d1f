"""The token rules for providers whose access tokens never expire and come without a refresh token (Intercom):
such a token is kept without an expiry and handed out as it is, never refreshed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from glue_api.tokens.service import needs_refresh, token_fields

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("credentials,expected", [
    ({"type": "oauth2", "access_token": "at", "expires_at": None}, False),  # Intercom's: lasts until refused
    ({"type": "oauth2", "access_token": "at", "expires_at": None, "refresh_token": "rt"}, True),  # expiry unknown
    ({"type": "oauth2", "access_token": None, "refresh_token": "rt", "expires_at": None}, True),
    ({"type": "oauth2", "access_token": "at", "refresh_token": "rt",
      "expires_at": (NOW + timedelta(minutes=5)).isoformat()}, True),
    ({"type": "oauth2", "access_token": "at", "refresh_token": "rt",
      "expires_at": (NOW + timedelta(hours=1)).isoformat()}, False),
])
def test_which_tokens_need_a_refresh(credentials, expected):
    assert needs_refresh(credentials, NOW) is expected


def test_a_token_answer_is_given_an_expiry_unless_the_provider_says_its_tokens_never_expire():
    intercom_answer = {"token_type": "Bearer", "token": "at", "access_token": "at"}
    assert token_fields(intercom_answer, NOW, never_expires=True) == {
        "type": "oauth2", "access_token": "at", "expires_at": None}
    assert token_fields(intercom_answer, NOW)["expires_at"] == (NOW + timedelta(hours=1)).isoformat()  # assumed
    stated = token_fields({"access_token": "at", "expires_in": 600}, NOW, never_expires=True)
    assert stated["expires_at"] == (NOW + timedelta(seconds=600)).isoformat()  # a stated lifetime still counts
