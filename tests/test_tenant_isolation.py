"""Another application's key sees 404 for every object of the first, never 403 or data."""

from tests.support.store import dump_all_rows

HUBSPOT = {
    "name": "hubspot", "category": "crm", "auth_type": "oauth2",
    "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": ["crm.objects.contacts.read"],
               "credentials": {"oauth_client_id": "cid", "oauth_client_secret": "csecret"}}},
}
DESTINATION = {"name": "wh", "type": "postgres", "config": {
    "host": "h", "port": 5432, "database": "d", "schema": "s", "user": "u", "password": "p"}}
SYNC_CONFIG = {"destination_name": "wh", "provider_name": "hubspot", "config": {
    "default_config": {"period_ms": 60000, "strategy": "full then incremental"},
    "standard_objects": [{"object": "contacts"}]}}
HEADERS = {"x-customer-id": "c1", "x-provider-name": "hubspot"}
SYNC = {"object_type": "standard", "object": "contacts"}
SCHEMA = {"name": "contact fields", "config": {"fields": [{"name": "email"}], "allow_additional_field_mappings": True}}
ENTITY = {"name": "person", "config": {"fields": [{"name": "email"}], "allow_additional_field_mappings": True}}
FIELD_MAPPINGS = {"name": "contacts", "type": "standard", "field_mappings": [{"schema_field": "email", "mapped_field": "email"}]}


def build_first_application(mgmt) -> dict:
    ids = {}
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "a@acme.test"})
    ids["schema"] = mgmt.post("/schemas", json=SCHEMA).json()["id"]
    ids["entity"] = mgmt.post("/entities", json=ENTITY).json()["id"]
    ids["provider"] = mgmt.post("/providers", json={
        **HUBSPOT, "objects": {"standard": [{"name": "contacts", "schema_id": ids["schema"]}]}}).json()["id"]
    ids["destination"] = mgmt.post("/destinations", json=DESTINATION).json()["id"]
    ids["sync_config"] = mgmt.post("/sync_configs", json=SYNC_CONFIG).json()["id"]
    assert mgmt.post("/customers/c1/connections",
                     json={"provider_name": "hubspot", "type": "oauth2", "refresh_token": "rt"}).status_code == 200
    assert mgmt.put("/connection_sync_configs", headers=HEADERS,
                    json={"destination_config": {"type": "postgres", "schema": "acme"}}).status_code == 200
    assert mgmt.put("/field_mappings/_update_object", headers=HEADERS, json=FIELD_MAPPINGS).status_code == 200
    assert mgmt.put(f"/entity_mappings/{ids['entity']}", headers=HEADERS,
                    json={"entity_id": ids["entity"]}).status_code == 200
    ids["magic_link"] = mgmt.post("/magic_links", json={
        "customer_id": "c1", "provider_name": "hubspot", "expiration_secs": 3600,
        "return_url": "https://app.example.com/done"}).json()["id"]
    return ids


def test_every_endpoint_hides_the_first_applications_objects(app, mgmt, other_mgmt):
    ids = build_first_application(mgmt)
    before = dump_all_rows(app.state.engine)
    hidden = [
        ("GET", "/customers/c1", None, None),
        ("DELETE", "/customers/c1", None, None),
        ("GET", f"/providers/{ids['provider']}", None, None),
        ("PUT", f"/providers/{ids['provider']}", HUBSPOT, None),
        ("DELETE", f"/providers/{ids['provider']}", None, None),
        ("GET", f"/destinations/{ids['destination']}", None, None),
        ("PUT", f"/destinations/{ids['destination']}", {**DESTINATION, "version": 1}, None),
        ("GET", f"/sync_configs/{ids['sync_config']}", None, None),
        ("PUT", f"/sync_configs/{ids['sync_config']}", {"config": SYNC_CONFIG["config"]}, None),
        ("DELETE", f"/sync_configs/{ids['sync_config']}", None, None),
        ("GET", "/connection_sync_configs", None, HEADERS),
        ("PUT", "/connection_sync_configs", {"destination_config": {"type": "postgres", "schema": "x"}}, HEADERS),
        ("DELETE", "/connection_sync_configs", None, HEADERS),
        ("GET", "/customers/c1/connections", None, None),
        ("POST", "/customers/c1/connections", {"provider_name": "hubspot", "type": "oauth2", "refresh_token": "x"}, None),
        ("GET", "/customers/c1/connections/hubspot", None, None),
        ("DELETE", "/customers/c1/connections/hubspot", None, None),
        ("DELETE", f"/magic_links/{ids['magic_link']}", None, None),
        ("POST", "/syncs/_pause", SYNC, HEADERS),
        ("POST", "/syncs/_resume", SYNC, HEADERS),
        ("POST", "/syncs/_trigger", SYNC, HEADERS),
        ("GET", f"/schemas/{ids['schema']}", None, None),
        ("PUT", f"/schemas/{ids['schema']}", SCHEMA, None),
        ("DELETE", f"/schemas/{ids['schema']}", None, None),
        ("GET", f"/entities/{ids['entity']}", None, None),
        ("PUT", f"/entities/{ids['entity']}", ENTITY, None),
        ("DELETE", f"/entities/{ids['entity']}", None, None),
        ("GET", "/field_mappings", None, HEADERS),
        ("PUT", "/field_mappings/_update_object", FIELD_MAPPINGS, HEADERS),
        ("GET", "/entity_mappings", None, HEADERS),
        ("PUT", f"/entity_mappings/{ids['entity']}", {"entity_id": ids["entity"]}, HEADERS),
        ("DELETE", f"/entity_mappings/{ids['entity']}", None, HEADERS),
    ]
    for method, path, body, headers in hidden:
        response = other_mgmt.request(method, path, json=body, headers=headers)
        assert response.status_code == 404, f"{method} {path} answered {response.status_code}"
        assert "Acme" not in response.text and "csecret" not in response.text

    for path in ("/customers", "/providers", "/destinations", "/sync_configs", "/magic_links", "/schemas", "/entities"):
        assert other_mgmt.get(path).json() == [], path
    assert other_mgmt.get("/syncs").json()["results"] == []
    assert other_mgmt.get("/sync-runs").json()["results"] == []
    assert dump_all_rows(app.state.engine) == before


def test_same_customer_id_in_two_applications_are_two_customers(mgmt, other_mgmt):
    build_first_application(mgmt)
    other_mgmt.put("/customers", json={"customer_id": "c1", "name": "Other", "email": "o@other.test"})
    assert mgmt.get("/customers/c1").json()["name"] == "Acme"
    assert other_mgmt.get("/customers/c1").json()["name"] == "Other"
    assert other_mgmt.get("/customers/c1/connections").json() == []
