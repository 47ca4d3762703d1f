"""The Vault's token operation for Marketo, a client-credentials connector: the consumer's client id and secret
(set as settings) are exchanged at its instance's identity endpoint (the emulator) for a fresh access token."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import RequestLog
from glue_emulators.marketo import create_emulator
from glue_emulators.server import EmulatorServer
from tests.vault.test_connections import MASK, credentials_of, enable, events, stored

MARKETO = {"name": "marketo", "category": "marketing_automation", "auth_type": "oauth2"}
PATH = "/vault/connections/email-marketing/marketo"
CLIENT_ID, CLIENT_SECRET = "marketo-client-7c1d", "marketo-secret-4f0e9a2b"


@pytest.fixture
def marketo(app, mgmt):
    emulator = create_emulator({"leads": 3, "programs": 1})
    emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    with EmulatorServer(emulator.app) as server:
        app.state.settings.provider_base_urls["marketo"] = server.url
        enable(mgmt, MARKETO)
        yield emulator, server.url
    app.state.settings.provider_base_urls.pop("marketo", None)


def connect(vault, url: str, secret: str = CLIENT_SECRET) -> dict:
    settings = {"client_id": CLIENT_ID, "client_secret": secret, "munchkin_id": "123-ABC-456"}
    response = vault.post(PATH, json={"settings": settings})
    assert response.status_code == 200, response.text
    return response.json()["data"]


def token_calls(app) -> list[RequestLog]:
    with transaction(app.state.session_factory) as session:
        return list(session.scalars(select(RequestLog).where(RequestLog.operation_id == "clientCredentialsToken")))


def test_the_token_operation_fetches_a_fresh_token_and_answers_the_connection_without_secrets(app, vault, marketo):
    emulator, url = marketo
    added = connect(vault, url)
    assert added["state"] == "authorized"

    response = vault.post(PATH + "/token", json={})

    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["state"] == "callable" and data["auth_type"] == "oauth2"
    credentials = credentials_of(app, data["id"])
    token = credentials["access_token"]
    assert emulator.oauth.grant_for(token) is not None  # a token the instance issued and honours
    assert credentials["expires_at"] and credentials["client_secret"] == CLIENT_SECRET
    for secret in (token, CLIENT_SECRET, CLIENT_ID):
        assert secret not in response.text
    assert data["settings"]["client_secret"] == data["settings"]["munchkin_id"] == MASK
    (call,) = token_calls(app)
    assert (call.status_code, call.path) == (200, "/identity/oauth/token")
    assert [e.type for e in events(app, "vault.connection.callable")] == ["vault.connection.callable"]

    again = vault.post(PATH + "/token")  # every call asks for a token again: Marketo issues no refresh token
    assert again.status_code == 200 and credentials_of(app, data["id"])["access_token"]
    assert len(token_calls(app)) == 2


def test_a_refused_client_secret_changes_nothing_and_says_why(app, vault, marketo):
    _, url = marketo
    connect(vault, url, secret="not-the-secret")
    before = stored(app)

    response = vault.post(PATH + "/token", json={})

    assert response.status_code == 422
    assert "refused the client ID and secret" in response.json()["detail"]
    assert "not-the-secret" not in response.text
    assert stored(app) == before


def test_a_connection_without_its_settings_cannot_ask_for_a_token(app, vault, marketo):
    response = vault.post(PATH, json={})
    assert response.status_code == 200 and response.json()["data"]["state"] == "added"
    before = stored(app)

    response = vault.post(PATH + "/token", json={})

    assert response.status_code == 422
    assert all(name in response.json()["detail"] for name in ("client_id", "client_secret", "munchkin_id"))
    assert stored(app) == before and token_calls(app) == []
