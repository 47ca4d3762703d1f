"""connection.created and connection.deleted: the Management API's webhook bodies, written with the change."""

from __future__ import annotations

from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Event
from tests.support.spec import validate_webhook_payload

HUBSPOT = {
    "name": "hubspot", "category": "crm", "auth_type": "oauth2",
    "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": [],
               "credentials": {"oauth_client_id": "cid", "oauth_client_secret": "csecret"}}},
}


def events(app) -> list[tuple[str, dict]]:
    with transaction(app.state.session_factory) as session:
        rows = session.execute(select(Event.type, Event.payload).order_by(Event.created_at)).all()
    return [(event_type, payload) for event_type, payload in rows if event_type.startswith("connection.")]


def test_created_and_deleted_through_the_management_api(app, mgmt):
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
    provider = mgmt.post("/providers", json=HUBSPOT).json()
    made = mgmt.post("/customers/c1/connections", json={"provider_name": "hubspot", "type": "oauth2",
                                                        "refresh_token": "rt-1"})
    assert made.status_code == 200
    assert mgmt.delete("/customers/c1/connections/hubspot").status_code == 204

    recorded = events(app)
    assert [event_type for event_type, _ in recorded] == ["connection.created", "connection.deleted"]
    for event_type, payload in recorded:
        validate_webhook_payload(event_type, payload)
        assert payload["webhook_event_type"] == event_type
        assert (payload["connection_id"], payload["customer_id"], payload["provider_id"]) == (
            made.json()["id"], "c1", provider["id"])


def test_deleted_through_the_vault_api(app, mgmt, vault):
    mgmt.put("/customers", json={"customer_id": "consumer-1", "name": "Acme", "email": "it@acme.test"})
    mgmt.post("/providers", json=HUBSPOT)
    assert mgmt.post("/customers/consumer-1/connections", json={
        "provider_name": "hubspot", "type": "oauth2", "refresh_token": "rt-1"}).status_code == 200
    assert vault.delete("/vault/connections/crm/hubspot").status_code == 204
    assert [event_type for event_type, _ in events(app)] == ["connection.created", "connection.deleted"]
    validate_webhook_payload("connection.deleted", events(app)[-1][1])
