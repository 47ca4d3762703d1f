from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from glue_api.db import transaction
from glue_api.models import Connection, Customer, Destination, Sync, SyncConfig, SyncRun
from glue_providers import registry
from tests.support.store import dump_all_rows

HUBSPOT = {
    "name": "hubspot", "category": "crm", "auth_type": "oauth2",
    "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": ["crm.objects.contacts.read"],
               "credentials": {"oauth_client_id": "cid", "oauth_client_secret": "csecret"}}},
}
HOURLY = {"period_ms": 3600000, "strategy": "full then incremental"}
CONFIG = {
    "default_config": HOURLY,
    "standard_objects": [
        {"object": "contacts", "associations_to_fetch": ["companies", "line_items", "p_cars", "p1234_cars", "2-1234"]},
        {"object": "companies", "sync_strategy_override": {"period_ms": 60000, "strategy": "full only"}},
    ],
    "custom_objects": [{"object": "p_pets"}],
}
CREATE = {"destination_name": "warehouse", "provider_name": "hubspot", "config": CONFIG}


def add_destination(app, application_id: str, name: str = "warehouse") -> str:
    # Destinations have their own API; rows made here keep these tests about sync configs alone.
    with transaction(app.state.session_factory) as session:
        destination = Destination(
            application_id=application_id, name=name, type="postgres",
            config={"host": "h", "port": 5432, "database": "d", "schema": "s", "user": "u"}, version=1,
        )
        session.add(destination)
        session.flush()
        return destination.id


@pytest.fixture
def application_id(app, mgmt) -> str:
    """An application with a HubSpot provider, a destination named `warehouse` and two customers connected to HubSpot.

    The connections come first: made after the sync config, they would get their syncs at once.
    """
    assert mgmt.post("/providers", json=HUBSPOT).status_code == 201
    for customer_id in ("c1", "c2"):
        customer = mgmt.put("/customers", json={"customer_id": customer_id, "name": "Acme", "email": "a@acme.test"}).json()
        connection = mgmt.post(f"/customers/{customer_id}/connections",
                               json={"provider_name": "hubspot", "type": "oauth2", "refresh_token": "rt"})
        assert connection.status_code == 200
    add_destination(app, customer["application_id"])
    return customer["application_id"]


@pytest.fixture
def sync_config(mgmt, application_id) -> dict:
    created = mgmt.post("/sync_configs", json=CREATE)
    assert created.status_code == 201, created.text
    return created.json()


def add_syncs(app, mgmt, sync_config_id: str, *objects: tuple[str, str], customer_id: str = "c1") -> None:
    """What the sync engine does: one sync per (object type, object) of a connection, here each with a run."""
    connection_id = mgmt.get(f"/customers/{customer_id}/connections/hubspot").json()["id"]
    with transaction(app.state.session_factory) as session:
        for object_type, name in objects:
            sync = Sync(connection_id=connection_id, sync_config_id=sync_config_id, object_type=object_type, object=name)
            session.add(sync)
            session.flush()
            session.add(SyncRun(sync_id=sync.id, status="SUCCESS", start_timestamp=datetime.now(timezone.utc)))


def synced(app) -> set[tuple[str, str, str]]:
    """(customer, object type, object) of every sync."""
    with app.state.session_factory() as session:
        rows = session.execute(
            select(Customer.external_id, Sync.object_type, Sync.object)
            .join(Connection, Connection.id == Sync.connection_id)
            .join(Customer, Customer.id == Connection.customer_id)
        )
        return {tuple(row) for row in rows}


def count(app, model) -> int:
    with app.state.session_factory() as session:
        return session.execute(select(func.count()).select_from(model)).scalar()


def test_create_then_read(mgmt, application_id, sync_config):
    assert sync_config["application_id"] == application_id
    assert (sync_config["destination_name"], sync_config["provider_name"]) == ("warehouse", "hubspot")
    assert sync_config["config"] == CONFIG
    assert mgmt.get(f"/sync_configs/{sync_config['id']}").json() == sync_config
    assert mgmt.get("/sync_configs").json() == [sync_config]


def test_optional_settings_round_trip(mgmt, application_id):
    default = {**HOURLY, "auto_start_on_connection": False, "full_sync_every_n_incrementals": 5}
    created = mgmt.post("/sync_configs", json={**CREATE, "config": {"default_config": default}})
    assert created.status_code == 201
    assert created.json()["config"] == {"default_config": default}


def test_update_replaces_the_config(mgmt, sync_config):
    config = {"default_config": {"period_ms": 120000, "strategy": "full only"}, "standard_objects": [{"object": "deals"}]}
    updated = mgmt.put(f"/sync_configs/{sync_config['id']}", json={"config": config})
    assert updated.status_code == 200
    assert updated.json() == {**sync_config, "config": config}
    assert mgmt.get(f"/sync_configs/{sync_config['id']}").json()["config"] == config


def test_delete_answers_the_deleted_sync_config(mgmt, sync_config):
    deleted = mgmt.delete(f"/sync_configs/{sync_config['id']}")
    assert deleted.status_code == 200
    assert deleted.json() == sync_config
    assert mgmt.get(f"/sync_configs/{sync_config['id']}").status_code == 404
    assert mgmt.get("/sync_configs").json() == []
    assert mgmt.delete(f"/sync_configs/{sync_config['id']}").status_code == 404


def test_one_sync_config_per_provider(mgmt, app, application_id, sync_config):
    add_destination(app, application_id, "lake")
    again = mgmt.post("/sync_configs", json={**CREATE, "destination_name": "lake"})
    assert again.status_code == 409
    assert again.json()["errors"][0]["code"] == "CONFLICT"


def test_unknown_destination_is_404(mgmt, application_id):
    response = mgmt.post("/sync_configs", json={**CREATE, "destination_name": "nowhere"})
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "NOT_FOUND"


def test_unconfigured_provider_is_404(mgmt, application_id):
    config = {"default_config": HOURLY, "standard_objects": [{"object": "Account"}]}
    response = mgmt.post("/sync_configs", json={**CREATE, "provider_name": "salesforce", "config": config})
    assert response.status_code == 404
    assert "salesforce" in response.json()["errors"][0]["detail"]


def test_custom_objects_only_where_the_provider_has_them(app, mgmt, application_id):
    mgmt.post("/providers", json={**HUBSPOT, "name": "pipedrive"})
    with_custom = {**CONFIG, "standard_objects": [{"object": "persons"}]}
    before = dump_all_rows(app.state.engine)
    response = mgmt.post("/sync_configs", json={**CREATE, "provider_name": "pipedrive", "config": with_custom})
    assert response.status_code == 400
    assert response.json()["errors"][0]["detail"] == \
        "Custom objects are only supported for hubspot, ms_dynamics_365_sales, salesforce and zoho_crm, not pipedrive."
    assert dump_all_rows(app.state.engine) == before
    without_custom = {k: v for k, v in with_custom.items() if k != "custom_objects"}
    created = mgmt.post("/sync_configs", json={**CREATE, "provider_name": "pipedrive", "config": without_custom})
    assert created.status_code == 201
    before = dump_all_rows(app.state.engine)
    assert mgmt.put(f"/sync_configs/{created.json()['id']}", json={"config": with_custom}).status_code == 400
    assert dump_all_rows(app.state.engine) == before


def test_a_provider_glue_cannot_sync_is_refused(app, mgmt, application_id, monkeypatch):
    monkeypatch.setenv(registry.EXTRA_PACKAGES_VARIABLE, "tests.providers.catalog_only_provider")

    def post(path: str, body: dict):  # unchecked: the contract's provider_name enum knows no such provider
        return mgmt.client.post(f"/mgmt/v2{path}", json=body, headers={"x-api-key": mgmt.api_key})

    assert post("/providers", {"name": "catalog_only_crm", "category": "crm", "auth_type": "api_key"}).status_code == 201
    before = dump_all_rows(app.state.engine)
    response = post("/sync_configs", {**CREATE, "provider_name": "catalog_only_crm",
                                      "config": {"default_config": HOURLY, "standard_objects": []}})
    assert response.status_code == 400
    syncable = sorted(spec.name for spec in registry.syncable())  # every provider with a source, by name
    assert "catalog_only_crm" not in syncable and {"apollo", "gong", "hubspot", "pipedrive", "salesforce"} <= set(syncable)
    assert response.json()["errors"][0]["detail"] == (
        f"Glue cannot sync Catalog-only CRM yet; it syncs {', '.join(syncable[:-1])} and {syncable[-1]}.")
    assert dump_all_rows(app.state.engine) == before


@pytest.mark.parametrize("objects", [["Contacts"], ["contacts", "Account"], ["persons"]], ids=str)
def test_standard_objects_the_provider_lacks_are_refused_case_sensitively(app, mgmt, application_id, objects):
    before = dump_all_rows(app.state.engine)
    config = {**CONFIG, "standard_objects": [{"object": o} for o in objects]}
    response = mgmt.post("/sync_configs", json={**CREATE, "config": config})
    assert response.status_code == 400
    detail = response.json()["errors"][0]["detail"]
    assert "its standard objects are contacts, companies, deals, leads, owners (names are case-sensitive)" in detail
    assert all(o in detail.split(";")[0] for o in objects if o != "contacts")
    assert dump_all_rows(app.state.engine) == before


@pytest.mark.parametrize(("common", "says"), [
    ("ticket", "ticket is not a crm common object; the crm common objects are account, contact, lead, opportunity, user"),
    ("sequence", "sequence is not a crm common object"),  # an engagement object, not one of HubSpot's category
])
def test_common_objects_outside_the_providers_category_are_refused(app, mgmt, application_id, sync_config, common,
                                                                   says):
    before = dump_all_rows(app.state.engine)
    config = {**CONFIG, "common_objects": [{"object": "contact"}, {"object": common}]}
    created = mgmt.post("/sync_configs", json={**CREATE, "config": config})
    updated = mgmt.put(f"/sync_configs/{sync_config['id']}", json={"config": config})
    for response in (created, updated):
        assert response.status_code == 400
        assert response.json()["errors"][0]["code"] == "BAD_REQUEST"
        assert response.json()["errors"][0]["detail"].startswith(says)
    assert dump_all_rows(app.state.engine) == before


def test_common_objects_of_a_provider_without_a_category_are_refused(app, mgmt, application_id):
    assert mgmt.post("/providers", json={"name": "gong", "category": "no_category", "auth_type": "oauth2",
                                         "config": HUBSPOT["config"]}).status_code == 201
    before = dump_all_rows(app.state.engine)
    config = {"default_config": HOURLY, "standard_objects": [{"object": "users"}], "common_objects": [{"object": "user"}]}
    refused = mgmt.post("/sync_configs", json={"destination_name": "warehouse", "provider_name": "gong", "config": config})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["detail"] == (
        "Gong is a no_category provider, a category without common objects; list its standard_objects (users, calls) "
        "instead.")
    assert dump_all_rows(app.state.engine) == before


def test_another_application_sees_nothing(app, mgmt, other_mgmt, sync_config):
    add_syncs(app, mgmt, sync_config["id"], ("standard", "contacts"))
    before = dump_all_rows(app.state.engine)
    path = f"/sync_configs/{sync_config['id']}"
    assert other_mgmt.get("/sync_configs").json() == []
    for response in (
        other_mgmt.get(path),
        other_mgmt.put(path, json={"config": {"default_config": HOURLY}}, params={"force_delete_syncs": "true"}),
        other_mgmt.delete(path, params={"force_delete_syncs": "true"}),
    ):
        assert response.status_code == 404
        assert "warehouse" not in response.text and "contacts" not in response.text
    assert dump_all_rows(app.state.engine) == before


def test_names_resolve_within_the_callers_application(app, other_mgmt, sync_config):
    """The first application has a `warehouse` destination and a HubSpot provider; the second sees neither."""
    other_application = other_mgmt.put("/customers", json={"customer_id": "c9", "name": "Globex", "email": "g@globex.test"})
    add_destination(app, other_application.json()["application_id"], "lake")

    not_its_destination = other_mgmt.post("/sync_configs", json=CREATE)
    assert not_its_destination.status_code == 404
    assert "Destination" in not_its_destination.json()["errors"][0]["detail"]
    not_its_provider = other_mgmt.post("/sync_configs", json={**CREATE, "destination_name": "lake"})
    assert not_its_provider.status_code == 404
    assert "hubspot" in not_its_provider.json()["errors"][0]["detail"]

    assert other_mgmt.post("/providers", json=HUBSPOT).status_code == 201
    created = other_mgmt.post("/sync_configs", json={**CREATE, "destination_name": "lake"})
    assert created.status_code == 201  # its own HubSpot sync config: the first application's does not count
    assert created.json()["application_id"] == other_application.json()["application_id"]
    assert [s["id"] for s in other_mgmt.get("/sync_configs").json()] == [created.json()["id"]]


def with_config(**changes) -> dict:
    return {**CREATE, "config": {**CONFIG, **changes}}


BAD_CREATES = [
    ({k: v for k, v in CREATE.items() if k != "destination_name"}, "destination_name missing"),
    ({k: v for k, v in CREATE.items() if k != "config"}, "config missing"),
    ({**CREATE, "destination_name": 7}, "destination_name is a number"),
    ({**CREATE, "destination_name": ""}, "destination_name empty"),
    ({**CREATE, "provider_name": "myspace"}, "provider not in the spec's enum"),
    ({**CREATE, "config": {"standard_objects": []}}, "default_config missing"),
    (with_config(default_config={"period_ms": 59999, "strategy": "full only"}), "period_ms under a minute"),
    (with_config(default_config={"period_ms": "60000", "strategy": "full only"}), "period_ms is a string"),
    (with_config(default_config={"period_ms": 60000.5, "strategy": "full only"}), "period_ms not an integer"),
    (with_config(default_config={"period_ms": 60000, "strategy": "sometimes"}), "unknown strategy"),
    (with_config(default_config={"period_ms": 60000}), "strategy missing"),
    (with_config(default_config={**HOURLY, "auto_start_on_connection": "yes"}), "auto_start not a boolean"),
    (with_config(default_config={**HOURLY, "full_sync_every_n_incrementals": -1}), "negative count"),
    (with_config(standard_objects=[{"object": ""}]), "object empty"),
    (with_config(standard_objects=[{"associations_to_fetch": ["companies"]}]), "object missing"),
    (with_config(standard_objects=[{"object": 3}]), "object is a number"),
    (with_config(standard_objects={"object": "contacts"}), "objects not a list"),
    (with_config(common_objects=[{"object": "contact", "associations_to_fetch": "account"}]), "associations not a list"),
    (with_config(standard_objects=[{"object": "contacts", "associations_to_fetch": ["../../crm/v3/owners"]}]),
     "association climbing the path"),
    (with_config(standard_objects=[{"object": "contacts", "associations_to_fetch": ["companies/batch"]}]),
     "association adding a path level"),
    (with_config(standard_objects=[{"object": "contacts", "associations_to_fetch": ["companies?x=1"]}]),
     "association with a query"),
    (with_config(standard_objects=[{"object": "contacts", "associations_to_fetch": ["%2e%2e"]}]),
     "association escaped"),
    (with_config(standard_objects=[{"object": "contacts", "associations_to_fetch": [""]}]), "association empty"),
    (with_config(custom_objects=[{"object": "p_pets", "sync_strategy_override": {"period_ms": 1000, "strategy": "full only"}}]),
     "override period_ms under a minute"),
    (with_config(standard_objects=[{"object": "contacts"}, {"object": "contacts"}]), "object listed twice"),
]


@pytest.mark.parametrize("body,why", BAD_CREATES, ids=[c[1] for c in BAD_CREATES])
def test_invalid_create_is_refused_and_changes_nothing(app, mgmt, application_id, body, why):
    before = dump_all_rows(app.state.engine)
    response = mgmt.post("/sync_configs", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["code"] == "BAD_REQUEST"
    assert dump_all_rows(app.state.engine) == before


@pytest.mark.parametrize("body,why", [
    ({}, "config missing"),
    ({"config": {"default_config": {"period_ms": 59999, "strategy": "full only"}}}, "period_ms under a minute"),
    ({"config": []}, "config not an object"),
], ids=lambda case: case if isinstance(case, str) else "")
def test_invalid_update_is_refused_and_changes_nothing(app, mgmt, sync_config, body, why):
    before = dump_all_rows(app.state.engine)
    response = mgmt.put(f"/sync_configs/{sync_config['id']}", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["code"] == "BAD_REQUEST"
    assert dump_all_rows(app.state.engine) == before


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_malformed_json_is_refused(app, mgmt, sync_config, method):
    path = "/sync_configs" if method == "POST" else f"/sync_configs/{sync_config['id']}"
    before = dump_all_rows(app.state.engine)
    response = mgmt.request(method, path, content=b"{", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "BAD_REQUEST"
    assert "JSON" in response.json()["errors"][0]["detail"]
    assert dump_all_rows(app.state.engine) == before


def test_force_delete_syncs_must_be_a_boolean(app, mgmt, sync_config):
    before = dump_all_rows(app.state.engine)
    response = mgmt.delete(f"/sync_configs/{sync_config['id']}", params={"force_delete_syncs": "perhaps"})
    assert response.status_code == 400
    assert dump_all_rows(app.state.engine) == before


def test_removing_objects_without_syncs_needs_no_force(app, mgmt, sync_config):
    add_syncs(app, mgmt, sync_config["id"], ("standard", "contacts"))
    config = {**CONFIG, "standard_objects": [{"object": "contacts"}], "custom_objects": []}
    assert mgmt.put(f"/sync_configs/{sync_config['id']}", json={"config": config}).status_code == 200
    assert synced(app) == {("c1", "standard", "contacts")}


def test_removing_synced_objects_needs_force(app, mgmt, sync_config):
    add_syncs(app, mgmt, sync_config["id"], ("standard", "contacts"), ("standard", "companies"), ("custom", "p_pets"))
    path = f"/sync_configs/{sync_config['id']}"
    # Same names under another object type must not count as kept.
    config = {**CONFIG, "standard_objects": [{"object": "contacts"}], "custom_objects": [{"object": "companies"}]}
    before = dump_all_rows(app.state.engine)

    refused = mgmt.put(path, json={"config": config})
    assert refused.status_code == 409
    detail = refused.json()["errors"][0]["detail"]
    assert "force_delete_syncs" in detail and "standard companies" in detail and "custom p_pets" in detail
    assert dump_all_rows(app.state.engine) == before

    assert mgmt.put(path, json={"config": config}, params={"force_delete_syncs": "false"}).status_code == 409
    forced = mgmt.put(path, json={"config": config}, params={"force_delete_syncs": "true"})
    assert forced.status_code == 200
    assert forced.json()["config"] == config
    assert synced(app) == {("c1", "standard", "contacts")}
    assert count(app, SyncRun) == 1


def test_syncs_a_connection_keeps_by_its_own_object_list_survive(app, mgmt, sync_config):
    """A connection's own standard_objects replace the config's, so dropping one from the config does not touch it."""
    headers = {"x-customer-id": "c2", "x-provider-name": "hubspot"}
    assert mgmt.put("/connection_sync_configs", headers=headers, json={"standard_objects": [{"object": "companies"}]}).status_code == 200
    add_syncs(app, mgmt, sync_config["id"], ("standard", "companies"), customer_id="c1")
    add_syncs(app, mgmt, sync_config["id"], ("standard", "companies"), customer_id="c2")
    path = f"/sync_configs/{sync_config['id']}"
    config = {**CONFIG, "standard_objects": [{"object": "contacts"}]}
    assert mgmt.put(path, json={"config": config}).status_code == 409
    assert mgmt.put(path, json={"config": config}, params={"force_delete_syncs": "true"}).status_code == 200
    assert synced(app) == {("c2", "standard", "companies")}

    # c2's companies sync comes from its own list, not the config: later updates leave it alone too.
    assert mgmt.put(path, json={"config": {"default_config": HOURLY}}).status_code == 200


def test_deleting_a_sync_config_with_syncs_needs_force(app, mgmt, sync_config):
    add_syncs(app, mgmt, sync_config["id"], ("standard", "contacts"), ("common", "contact"))
    path = f"/sync_configs/{sync_config['id']}"
    before = dump_all_rows(app.state.engine)

    refused = mgmt.delete(path)
    assert refused.status_code == 409
    assert "force_delete_syncs" in refused.json()["errors"][0]["detail"]
    assert dump_all_rows(app.state.engine) == before

    forced = mgmt.delete(path, params={"force_delete_syncs": "true"})
    assert forced.status_code == 200
    assert forced.json() == sync_config
    assert (count(app, SyncConfig), count(app, Sync), count(app, SyncRun)) == (0, 0, 0)
    assert mgmt.get("/customers/c1/connections/hubspot").status_code == 200


def test_deleting_a_sync_config_without_syncs_needs_no_force(app, mgmt, sync_config):
    assert mgmt.delete(f"/sync_configs/{sync_config['id']}").status_code == 200
    assert count(app, SyncConfig) == 0
