import pytest
from sqlalchemy import func, select

from glue_api.models import ConnectionSyncConfig
from tests.support.store import dump_all_rows

HUBSPOT = {
    "name": "hubspot", "category": "crm", "auth_type": "oauth2",
    "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": ["crm.objects.contacts.read"],
               "credentials": {"oauth_client_id": "cid", "oauth_client_secret": "csecret"}}},
}
HEADERS = {"x-customer-id": "c1", "x-provider-name": "hubspot"}
OVERRIDES = {
    "destination_config": {"type": "postgres", "schema": "customer_1"},
    "standard_objects": [{"object": "contacts"}, {"object": "companies"}],
    "custom_objects": [{"object": "p_pets"}],
}
PATH = "/connection_sync_configs"


@pytest.fixture
def connected(mgmt):
    """Customer c1 with a HubSpot connection, and customer c2 with none."""
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "a@acme.test"})
    mgmt.put("/customers", json={"customer_id": "c2", "name": "Initech", "email": "i@initech.test"})
    assert mgmt.post("/providers", json=HUBSPOT).status_code == 201
    made = mgmt.post("/customers/c1/connections", json={"provider_name": "hubspot", "type": "oauth2", "refresh_token": "rt"})
    assert made.status_code == 200
    return mgmt


def test_upsert_read_replace_delete(connected):
    mgmt = connected
    assert mgmt.get(PATH, headers=HEADERS).status_code == 404

    created = mgmt.put(PATH, headers=HEADERS, json=OVERRIDES)
    assert created.status_code == 200
    assert created.json() == OVERRIDES
    assert mgmt.get(PATH, headers=HEADERS).json() == OVERRIDES
    assert mgmt.get("/customers/c1/connections/hubspot").json()["connection_sync_config"] == OVERRIDES

    # A PUT replaces every override, including those it leaves out.
    replaced = mgmt.put(PATH, headers=HEADERS, json={"standard_objects": [{"object": "deals"}]})
    assert replaced.json() == {"standard_objects": [{"object": "deals"}]}
    assert mgmt.get(PATH, headers=HEADERS).json() == {"standard_objects": [{"object": "deals"}]}

    deleted = mgmt.delete(PATH, headers=HEADERS)
    assert deleted.status_code == 204
    assert mgmt.get(PATH, headers=HEADERS).status_code == 404
    assert "connection_sync_config" not in mgmt.get("/customers/c1/connections/hubspot").json()
    assert mgmt.delete(PATH, headers=HEADERS).status_code == 404


def test_table_overrides_are_kept(connected):
    body = {"standard_objects": [{"object": "contacts", "table": "acme_contacts"}, {"object": "companies"}],
            "custom_objects": [{"object": "p_pets", "table": "_Pets_2"}]}
    assert connected.put(PATH, json=body, headers=HEADERS).json() == body
    assert connected.get(PATH, headers=HEADERS).json() == body


def test_empty_body_clears_every_override(connected):
    connected.put(PATH, headers=HEADERS, json=OVERRIDES)
    assert connected.put(PATH, headers=HEADERS, json={}).json() == {}
    assert connected.get(PATH, headers=HEADERS).json() == {}


def test_deleting_the_connection_deletes_its_overrides(app, connected):
    connected.put(PATH, headers=HEADERS, json=OVERRIDES)
    assert connected.delete("/customers/c1/connections/hubspot").status_code == 204
    with app.state.session_factory() as session:
        assert session.execute(select(func.count()).select_from(ConnectionSyncConfig)).scalar() == 0


@pytest.mark.parametrize("missing", ["x-customer-id", "x-provider-name"])
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_missing_header_is_400(app, connected, method, missing):
    before = dump_all_rows(app.state.engine)
    headers = {k: v for k, v in HEADERS.items() if k != missing}
    response = connected.request(method, PATH, headers=headers, json=OVERRIDES if method == "PUT" else None)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["code"] == "BAD_REQUEST" and missing in error["detail"]
    assert dump_all_rows(app.state.engine) == before


@pytest.mark.parametrize("headers", [
    {"x-customer-id": "nobody", "x-provider-name": "hubspot"},
    {"x-customer-id": "c2", "x-provider-name": "hubspot"},
    {"x-customer-id": "c1", "x-provider-name": "salesforce"},
    {"x-customer-id": "c1", "x-provider-name": "myspace"},
], ids=["unknown customer", "customer without connection", "other provider", "unknown provider"])
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_no_such_connection_is_404(app, connected, method, headers):
    before = dump_all_rows(app.state.engine)
    response = connected.request(method, PATH, headers=headers, json=OVERRIDES if method == "PUT" else None)
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "NOT_FOUND"
    assert dump_all_rows(app.state.engine) == before


def test_another_application_cannot_reach_the_connection(app, connected, other_mgmt):
    connected.put(PATH, headers=HEADERS, json=OVERRIDES)
    # The other application has a customer c1 of its own, without a HubSpot connection.
    other_mgmt.put("/customers", json={"customer_id": "c1", "name": "Globex", "email": "g@globex.test"})
    before = dump_all_rows(app.state.engine)
    for method in ("GET", "PUT", "DELETE"):
        response = other_mgmt.request(method, PATH, headers=HEADERS, json={} if method == "PUT" else None)
        assert response.status_code == 404
        assert "customer_1" not in response.text
    assert dump_all_rows(app.state.engine) == before
    assert connected.get(PATH, headers=HEADERS).json() == OVERRIDES


def objects(*items) -> dict:
    return {"standard_objects": list(items)}


BAD_BODIES = [
    ({"destination_config": {"type": "bigquery", "dataset": "d"}}, "bigquery is not an upsert option"),
    ({"destination_config": {"type": "postgres"}}, "schema missing"),
    ({"destination_config": {"schema": "s"}}, "type missing"),
    ({"destination_config": {"type": "postgres", "schema": 5}}, "schema is a number"),
    ({"destination_config": {"type": "postgres", "schema": "customer-1"}}, "schema not an identifier"),
    ({"destination_config": "postgres"}, "destination_config not an object"),
    (objects({"table": "t"}), "object missing"),
    (objects({"object": ""}), "object empty"),
    (objects({"object": 1}), "object is a number"),
    (objects({"object": "contacts", "table": "1contacts"}), "table starts with a digit"),
    (objects({"object": "contacts", "table": "my-contacts"}), "table has a dash"),
    (objects({"object": "contacts", "table": "contacts; drop table x"}), "table is SQL"),
    (objects({"object": "contacts", "table": "kontakt\u00e9"}), "table not ASCII"),
    (objects({"object": "contacts", "table": "t" * 64}), "table longer than 63"),
    (objects({"object": "contacts", "table": ""}), "table empty"),
    (objects({"object": "contacts", "table": 3}), "table is a number"),
    (objects({"object": "contacts"}, {"object": "contacts"}), "object listed twice"),
    (objects({"object": "contacts", "table": "t"}, {"object": "companies", "table": "T"}), "one table for two objects"),
    ({"standard_objects": {"object": "contacts"}}, "objects not a list"),
    ({"custom_objects": ["p_pets"]}, "custom object not an object"),
    ([OVERRIDES], "body is a list"),
]


@pytest.mark.parametrize("body,why", BAD_BODIES, ids=[c[1] for c in BAD_BODIES])
def test_invalid_upsert_is_refused_and_changes_nothing(app, connected, body, why):
    connected.put(PATH, headers=HEADERS, json=OVERRIDES)
    before = dump_all_rows(app.state.engine)
    response = connected.put(PATH, headers=HEADERS, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["code"] == "BAD_REQUEST"
    assert dump_all_rows(app.state.engine) == before


def test_longest_identifier_is_accepted(connected):
    body = objects({"object": "contacts", "table": "t" * 63})
    assert connected.put(PATH, json=body, headers=HEADERS).status_code == 200


def test_malformed_json_is_refused(app, connected):
    before = dump_all_rows(app.state.engine)
    response = connected.put(PATH, headers={**HEADERS, "content-type": "application/json"}, content=b"{")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "BAD_REQUEST"
    assert "JSON" in response.json()["errors"][0]["detail"]
    assert dump_all_rows(app.state.engine) == before
