"""PUT and DELETE /mgmt/v2/providers/{id} succeeding, and what they do to connections and sync configs."""

from __future__ import annotations

import copy

from sqlalchemy import select

from glue_api.models import Connection, MagicLink, ProviderConfig, SyncConfig
from tests.support.store import dump_all_rows
from tests.test_sync_configs import CREATE, HUBSPOT, add_destination

APOLLO = {"name": "apollo", "category": "engagement", "auth_type": "api_key"}


def hubspot(**credentials) -> dict:
    body = copy.deepcopy(HUBSPOT)
    body["config"]["oauth"]["credentials"] |= credentials
    return body


def connect(mgmt, customer_id: str) -> dict:
    mgmt.put("/customers", json={"customer_id": customer_id, "name": "Acme", "email": "a@acme.test"})
    created = mgmt.post(f"/customers/{customer_id}/connections",
                        json={"provider_name": "hubspot", "type": "oauth2", "refresh_token": f"rt-{customer_id}"})
    assert created.status_code == 200, created.text
    return created.json()


def stored_provider(app, provider_id: str) -> ProviderConfig | None:
    with app.state.session_factory() as session:
        return session.get(ProviderConfig, provider_id)


def test_an_update_replaces_the_settings_and_keeps_connections_and_sync_configs(app, mgmt, keyring):
    provider = mgmt.post("/providers", json=HUBSPOT).json()
    connection = connect(mgmt, "c1")
    add_destination(app, provider["application_id"])
    sync_config = mgmt.post("/sync_configs", json=CREATE).json()

    body = hubspot(oauth_client_id="cid-2", oauth_client_secret="csecret-2")
    body["config"]["oauth"]["oauth_scopes"] = ["crm.objects.contacts.read", "crm.objects.companies.read"]
    updated = mgmt.put(f"/providers/{provider['id']}", json=body)
    assert updated.status_code == 200, updated.text
    answer = updated.json()
    assert answer["id"] == provider["id"]
    assert answer["config"]["oauth"]["oauth_scopes"] == ["crm.objects.contacts.read", "crm.objects.companies.read"]
    assert answer["config"]["oauth"]["credentials"] == {"oauth_client_id": "cid-2", "oauth_client_secret": "********"}
    assert mgmt.get(f"/providers/{provider['id']}").json() == answer
    assert keyring.open(stored_provider(app, provider["id"]).oauth_client_secret) == b"csecret-2"

    # The connection and the sync config still point at the same provider and still read as before.
    assert mgmt.get("/customers/c1/connections/hubspot").json()["id"] == connection["id"]
    assert mgmt.get(f"/sync_configs/{sync_config['id']}").json() == sync_config
    with app.state.session_factory() as session:
        assert session.execute(select(Connection.provider_id)).scalars().all() == [provider["id"]]
        assert session.execute(select(SyncConfig.provider_id)).scalars().all() == [provider["id"]]


def test_an_update_echoing_the_mask_keeps_the_stored_secret(app, mgmt, keyring):
    provider = mgmt.post("/providers", json=HUBSPOT).json()
    read_back = mgmt.get(f"/providers/{provider['id']}").json()
    body = {key: read_back[key] for key in ("name", "category", "auth_type", "config")}
    assert mgmt.put(f"/providers/{provider['id']}", json=body).status_code == 200
    assert keyring.open(stored_provider(app, provider["id"]).oauth_client_secret) == b"csecret"


def test_a_refused_update_changes_nothing(app, mgmt):
    provider = mgmt.post("/providers", json=HUBSPOT).json()
    before = dump_all_rows(app.state.engine)
    renamed = mgmt.put(f"/providers/{provider['id']}", json=hubspot() | {"name": "salesforce"})
    assert renamed.status_code in (400, 422)
    wrong_category = mgmt.put(f"/providers/{provider['id']}", json=hubspot() | {"category": "engagement"})
    assert wrong_category.status_code == 400
    assert dump_all_rows(app.state.engine) == before


def test_an_update_cannot_take_oauth_away_from_connected_customers(app, mgmt, keyring):
    """Gong connects by a key pair or by OAuth: switching a provider with OAuth connections to keys would drop
    the OAuth client their tokens are refreshed with."""
    gong = HUBSPOT | {"name": "gong", "category": "no_category"}
    provider = mgmt.post("/providers", json=gong).json()
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "a@acme.test"})
    assert mgmt.post("/customers/c1/connections",
                     json={"provider_name": "gong", "type": "oauth2", "refresh_token": "rt-c1"}).status_code == 200
    before = dump_all_rows(app.state.engine)
    body = {"name": "gong", "category": "no_category", "auth_type": "access_key_secret"}
    refused = mgmt.put(f"/providers/{provider['id']}", json=body)
    assert refused.status_code == 409, refused.text
    assert "connection" in refused.json()["errors"][0]["detail"]
    assert dump_all_rows(app.state.engine) == before
    assert keyring.open(stored_provider(app, provider["id"]).oauth_client_secret) == b"csecret"


def test_an_update_to_an_auth_type_the_provider_lacks_is_refused(app, mgmt):
    provider = mgmt.post("/providers", json=HUBSPOT).json()
    before = dump_all_rows(app.state.engine)
    refused = mgmt.put(f"/providers/{provider['id']}", json={"name": "hubspot", "category": "crm", "auth_type": "api_key"})
    assert refused.status_code == 400 and "oauth2" in refused.json()["errors"][0]["detail"]
    assert dump_all_rows(app.state.engine) == before


def test_a_provider_in_use_is_not_deleted(app, mgmt):
    provider = mgmt.post("/providers", json=HUBSPOT).json()
    connect(mgmt, "c1")
    add_destination(app, provider["application_id"])
    sync_config = mgmt.post("/sync_configs", json=CREATE).json()
    before = dump_all_rows(app.state.engine)

    refused = mgmt.delete(f"/providers/{provider['id']}")
    assert refused.status_code == 409
    assert dump_all_rows(app.state.engine) == before

    # With the connection gone only the sync config holds it: still refused.
    assert mgmt.delete("/customers/c1/connections/hubspot").status_code == 204
    assert mgmt.delete(f"/providers/{provider['id']}").status_code == 409
    assert mgmt.get(f"/sync_configs/{sync_config['id']}").status_code == 200


def test_deleting_an_unused_provider_removes_it_and_its_magic_links_only(app, mgmt):
    provider = mgmt.post("/providers", json=HUBSPOT).json()
    apollo = mgmt.post("/providers", json=APOLLO).json()
    connect(mgmt, "c1")
    add_destination(app, provider["application_id"])
    sync_config = mgmt.post("/sync_configs", json=CREATE).json()
    link = mgmt.post("/magic_links", json={"customer_id": "c1", "provider_name": "hubspot", "expiration_secs": 3600,
                                             "return_url": "https://app.acme.test/done"})
    assert link.status_code == 201, link.text

    assert mgmt.delete(f"/sync_configs/{sync_config['id']}").status_code == 200
    assert mgmt.delete("/customers/c1/connections/hubspot").status_code == 204
    deleted = mgmt.delete(f"/providers/{provider['id']}")
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["id"] == provider["id"] and deleted.json()["name"] == "hubspot"

    assert mgmt.get(f"/providers/{provider['id']}").status_code == 404
    assert [p["id"] for p in mgmt.get("/providers").json()] == [apollo["id"]]
    assert stored_provider(app, provider["id"]) is None
    with app.state.session_factory() as session:
        assert session.execute(select(MagicLink)).scalars().all() == []
    assert mgmt.get("/customers/c1").status_code == 200  # the customer stays

    # The name is free again, and customers can connect to the new provider.
    again = mgmt.post("/providers", json=HUBSPOT)
    assert again.status_code == 201 and again.json()["id"] != provider["id"]
    assert connect(mgmt, "c1")["id"]


def test_a_deleted_provider_answers_404_to_a_second_delete_and_an_update(mgmt):
    provider = mgmt.post("/providers", json=APOLLO).json()
    assert mgmt.delete(f"/providers/{provider['id']}").status_code == 200
    assert mgmt.delete(f"/providers/{provider['id']}").status_code == 404
    assert mgmt.put(f"/providers/{provider['id']}", json=APOLLO).status_code == 404
