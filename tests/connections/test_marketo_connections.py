"""Marketo through the Management API: the customer's client id, secret and Munchkin account ID are checked by
asking the instance (its emulator) for a token before anything is stored; a refused client or a malformed Munchkin ID
stores nothing."""

from __future__ import annotations

import pytest

from glue_api.connections.states import CALLABLE
from glue_api.models import Connection
from glue_emulators import marketo
from glue_emulators.server import EmulatorServer
from tests.support.store import dump_all_rows

CLIENT_ID, CLIENT_SECRET = marketo.SANDBOX_CLIENT


def body(**changes) -> dict:
    return {"provider_name": "marketo", "type": "oauth2", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
            "munchkin_id": "123-ABC-456", **changes}


@pytest.fixture
def instance(app, mgmt):
    emulator = marketo.create_emulator({"leads": 3, "programs": 1})
    with EmulatorServer(emulator.app) as server:
        app.state.settings.provider_base_urls["marketo"] = server.url
        # To Supaglue's API Marketo is an OAuth provider whose OAuth client is each customer's own: no config.
        made = mgmt.post("/providers", json={"name": "marketo", "category": "marketing_automation",
                                             "auth_type": "oauth2"})
        assert made.status_code == 201, made.text
        mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
        yield emulator
    app.state.settings.provider_base_urls.pop("marketo", None)


def test_a_client_marketo_issues_a_token_to_makes_a_callable_connection(instance, app, mgmt):
    created = mgmt.post("/customers/c1/connections", json=body())

    assert created.status_code == 200, created.text
    assert CLIENT_SECRET not in created.text and CLIENT_ID not in created.text
    with app.state.session_factory() as session:
        connection = session.get(Connection, created.json()["id"])
        assert connection.state == CALLABLE and connection.auth_type == "client_credentials"
        credentials = app.state.keyring.open_json(connection.credentials)
    assert credentials == {"type": "client_credentials", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                           "munchkin_id": "123-ABC-456"}


@pytest.mark.parametrize("changes,status,says", [
    ({"client_secret": "not-the-secret"}, 400, "did not accept this client ID and secret"),
    ({"munchkin_id": "acme.example.com"}, 400, ""),  # not a Munchkin account ID
    ({"munchkin_id": None}, 400, ""),
], ids=["refused-secret", "malformed-munchkin", "no-munchkin"])
def test_a_refused_or_malformed_client_stores_nothing(instance, app, mgmt, changes, status, says):
    before = dump_all_rows(app.state.engine)

    refused = mgmt.post("/customers/c1/connections", json={k: v for k, v in body(**changes).items() if v is not None})

    assert refused.status_code == status
    assert says in refused.json()["errors"][0]["detail"] and "not-the-secret" not in refused.text
    assert dump_all_rows(app.state.engine) == before

