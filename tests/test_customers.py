from sqlalchemy import func, select

from glue_api.models import Connection
from glue_emulators import apollo
from glue_emulators.server import EmulatorServer


def test_upsert_creates_then_updates(mgmt):
    created = mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "a@acme.test"})
    assert created.status_code == 200
    assert created.json()["connections"] == []
    updated = mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme Inc", "email": "b@acme.test"})
    assert updated.json()["name"] == "Acme Inc"
    listed = mgmt.get("/customers").json()
    assert [(c["customer_id"], c["email"]) for c in listed] == [("c1", "b@acme.test")]
    assert mgmt.get("/customers/c1").json()["name"] == "Acme Inc"


def test_get_unknown_customer_is_404(mgmt):
    response = mgmt.get("/customers/nobody")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "NOT_FOUND"


def test_delete_customer_deletes_its_connections(app, mgmt):
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "a@acme.test"})
    mgmt.post("/providers", json={"name": "apollo", "category": "engagement", "auth_type": "api_key"})
    with EmulatorServer(apollo.create_emulator(["k-1"]).app) as server:  # the key is checked before it is stored
        app.state.settings.provider_base_urls["apollo"] = server.url
        made = mgmt.post("/customers/c1/connections", json={"provider_name": "apollo", "type": "api_key", "api_key": "k-1"})
    assert made.status_code == 200
    assert mgmt.delete("/customers/c1").status_code == 204
    assert mgmt.get("/customers/c1").status_code == 404
    with app.state.session_factory() as session:
        assert session.execute(select(func.count()).select_from(Connection)).scalar() == 0
    assert mgmt.delete("/customers/c1").status_code == 404
