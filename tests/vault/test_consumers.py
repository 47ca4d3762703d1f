"""Vault consumers: the Management API's customers, seen through the Vault API."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Connection, Event, RequestLog
from tests.support.store import dump_all_rows

HUBSPOT = {
    "name": "hubspot", "category": "crm", "auth_type": "oauth2",
    "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": [],
               "credentials": {"oauth_client_id": "cid", "oauth_client_secret": "csecret"}}},
}
APOLLO = {"name": "apollo", "category": "engagement", "auth_type": "api_key"}
METADATA = {"account_name": "SpaceX", "user_name": "Elon Musk", "email": "elon@musk.com",
            "image": "https://www.spacex.com/static/images/share.jpg"}


def stored(app) -> dict:
    """Every row, but the request log: refused calls are logged too."""
    return {table: rows for table, rows in dump_all_rows(app.state.engine).items() if table != "request_logs"}


def patch(client, path, **kwargs):
    return client.request("PATCH", path, **kwargs)


def add_consumer(vault, consumer_id: str, metadata: dict | None = None) -> dict:
    body = {"consumer_id": consumer_id} | ({"metadata": metadata} if metadata is not None else {})
    response = vault.post("/vault/consumers", json=body)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def log_request(app, application_id: str, consumer_id: str, api: str, at: datetime) -> None:
    with transaction(app.state.session_factory) as session:
        session.add(RequestLog(
            application_id=application_id, consumer_id=consumer_id, api=api, operation_id="op", operation_name="Op",
            http_method="GET", path="/x", base_url="http://glue.test", status_code=200, success=True,
            duration_ms=1.0, created_at=at,
        ))


def test_added_consumer_is_a_management_api_customer(vault, mgmt, first_application):
    body = vault.post("/vault/consumers", json={"consumer_id": "account:12345", "metadata": METADATA}).json()

    assert body["status_code"] == 200 and body["status"] == "OK"
    consumer = body["data"]
    assert consumer["consumer_id"] == "account:12345"
    assert consumer["application_id"] == first_application.application_id
    assert consumer["metadata"] == METADATA
    assert consumer["connections"] == [] and consumer["services"] == []
    assert consumer["aggregated_request_count"] >= 0
    assert set(consumer["request_counts"]) == {"unify", "proxy", "vault"}
    customer = mgmt.get("/customers/account:12345").json()
    assert customer == {"application_id": first_application.application_id, "customer_id": "account:12345",
                        "name": "SpaceX", "email": "elon@musk.com"}


def test_adding_an_existing_consumer_updates_its_metadata(vault, mgmt):
    add_consumer(vault, "c1", {"account_name": "Old name"})
    again = add_consumer(vault, "c1", {"account_name": "New name", "email": "new@example.com"})

    assert again["metadata"] == {"account_name": "New name", "email": "new@example.com"}
    assert mgmt.get("/customers/c1").json()["name"] == "New name"
    assert len(mgmt.get("/customers").json()) == 1


def test_a_consumer_without_metadata_falls_back_to_user_name_then_nothing(vault, mgmt):
    add_consumer(vault, "plain")
    add_consumer(vault, "person", {"user_name": "Ada"})

    assert mgmt.get("/customers/plain").json() | {"application_id": None} == {
        "application_id": None, "customer_id": "plain", "name": "", "email": ""}
    assert mgmt.get("/customers/person").json()["name"] == "Ada"


def test_a_management_api_customer_is_a_consumer(vault, mgmt):
    mgmt.put("/customers", json={"customer_id": "c9", "name": "Globex", "email": "ops@globex.test"})

    consumer = vault.get("/vault/consumers/c9").json()["data"]

    assert consumer["metadata"] == {"account_name": "Globex", "email": "ops@globex.test"}


def test_consumers_are_listed_page_by_page_with_cursors(vault):
    for i in range(5):
        add_consumer(vault, f"c{i}", {"account_name": f"Account {i}"})

    first = vault.get("/vault/consumers", params={"limit": 2}).json()
    assert [c["consumer_id"] for c in first["data"]] == ["c0", "c1"]
    assert first["meta"]["items_on_page"] == 2
    assert first["meta"]["cursors"]["previous"] is None and first["meta"]["cursors"]["current"] is None
    assert first["links"]["current"] == "http://glue.test/vault/consumers?limit=2"
    assert first["links"]["previous"] is None
    next_cursor = first["meta"]["cursors"]["next"]
    assert first["links"]["next"].startswith("http://glue.test/vault/consumers?limit=2&cursor=")

    second = vault.get("/vault/consumers", params={"limit": 2, "cursor": next_cursor}).json()
    assert [c["consumer_id"] for c in second["data"]] == ["c2", "c3"]
    assert second["meta"]["cursors"]["current"] == next_cursor
    third = vault.get("/vault/consumers", params={"limit": 2, "cursor": second["meta"]["cursors"]["next"]}).json()
    assert [c["consumer_id"] for c in third["data"]] == ["c4"]
    assert third["meta"]["cursors"]["next"] is None and third["links"]["next"] is None

    back = vault.get("/vault/consumers", params={"limit": 2, "cursor": third["meta"]["cursors"]["previous"]}).json()
    assert [c["consumer_id"] for c in back["data"]] == ["c2", "c3"]


def test_the_default_page_holds_twenty_consumers(vault):
    for i in range(21):
        add_consumer(vault, f"c{i:02d}")

    page = vault.get("/vault/consumers").json()

    assert len(page["data"]) == 20 and page["meta"]["cursors"]["next"]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 201}, {"limit": "ten"}, {"cursor": "not-a-cursor"}])
def test_bad_paging_parameters_are_refused(app, vault, params):
    add_consumer(vault, "c1")
    before = stored(app)

    response = vault.get("/vault/consumers", params=params)

    assert response.status_code == 400
    assert response.json()["type_name"] == "RequestValidationError"
    assert stored(app) == before


def test_a_consumer_shows_its_connections_and_services(vault, mgmt):
    assert mgmt.post("/providers", json=HUBSPOT).status_code == 201
    assert mgmt.post("/providers", json=APOLLO).status_code == 201
    add_consumer(vault, "consumer-1", METADATA)
    assert vault.post("/vault/connections/crm/hubspot", json={}).status_code == 200
    assert vault.post("/vault/connections/crm/apollo",
                      json={"settings": {"api_key": "apollo-secret-key"}}).status_code == 200

    response = vault.get("/vault/consumers/consumer-1")

    consumer = response.json()["data"]
    assert consumer["services"] == ["hubspot", "apollo"]
    by_service = {c["service_id"]: c for c in consumer["connections"]}
    assert by_service["hubspot"]["state"] == "added" and by_service["hubspot"]["auth_type"] == "oauth2"
    assert by_service["apollo"]["state"] == "authorized" and by_service["apollo"]["auth_type"] == "apiKey"
    assert by_service["apollo"]["consumer_id"] == "consumer-1"
    assert "apollo-secret-key" not in response.text
    listed = vault.get("/vault/consumers").json()["data"]
    assert listed[0]["services"] == ["hubspot", "apollo"]


def test_updating_a_consumer_merges_its_metadata(vault, mgmt):
    add_consumer(vault, "c1", METADATA)

    response = patch(vault, "/vault/consumers/c1", json={"metadata": {"email": "new@spacex.com", "image": None}})

    assert response.status_code == 200
    assert response.json()["data"]["metadata"] == {"account_name": "SpaceX", "user_name": "Elon Musk",
                                                   "email": "new@spacex.com"}
    assert mgmt.get("/customers/c1").json()["email"] == "new@spacex.com"


def test_updating_an_unknown_consumer_is_not_found(vault):
    response = patch(vault, "/vault/consumers/nobody", json={"metadata": {"email": "x@example.com"}})

    assert response.status_code == 404
    assert response.json()["type_name"] == "EntityNotFoundError"


@pytest.mark.parametrize("method,path,body", [
    ("POST", "/vault/consumers", {"metadata": METADATA}),
    ("POST", "/vault/consumers", {"consumer_id": 42}),
    ("POST", "/vault/consumers", {"consumer_id": ""}),
    ("POST", "/vault/consumers", {"consumer_id": "x" * 256}),
    ("POST", "/vault/consumers", {"consumer_id": "c2", "metadata": {"email": 7}}),
    ("POST", "/vault/consumers", {"consumer_id": "c2", "metadata": "SpaceX"}),
    ("POST", "/vault/consumers", ["c2"]),
    ("PATCH", "/vault/consumers/c1", {"metadata": {"account_name": ["a"]}}),
    ("PATCH", "/vault/consumers/c1", {"consumer_id": "c3"}),
    ("PATCH", "/vault/consumers/c1", {"metadata": {"user_name": "u" * 256}}),
])
def test_bad_consumer_bodies_are_refused_and_change_nothing(app, vault, method, path, body):
    add_consumer(vault, "c1", METADATA)
    before = stored(app)

    response = vault.request(method, path, json=body)

    assert response.status_code == 400, response.text
    error = response.json()
    assert error["status_code"] == 400 and error["type_name"] == "RequestValidationError" and error["detail"]
    assert stored(app) == before


def test_malformed_json_is_refused(app, vault):
    before = stored(app)

    response = vault.post("/vault/consumers", content=b"{not json", headers={"content-type": "application/json"})

    assert response.status_code == 400
    assert stored(app) == before


def test_deleting_a_consumer_deletes_its_connections_and_announces_each(app, vault, mgmt):
    assert mgmt.post("/providers", json=HUBSPOT).status_code == 201
    assert mgmt.post("/providers", json=APOLLO).status_code == 201
    hubspot = vault.post("/vault/connections/crm/hubspot", json={}).json()["data"]["id"]
    apollo = vault.post("/vault/connections/crm/apollo",
                        json={"settings": {"api_key": "apollo-secret-key"}}).json()["data"]["id"]

    response = vault.delete("/vault/consumers/consumer-1")

    assert response.status_code == 200
    assert response.json()["data"] == {"consumer_id": "consumer-1"}
    assert vault.get("/vault/consumers/consumer-1").status_code == 404
    assert mgmt.get("/customers/consumer-1").status_code == 404
    with transaction(app.state.session_factory) as session:
        assert session.scalars(select(Connection)).all() == []
        deleted = session.scalars(select(Event).where(Event.type == "vault.connection.deleted")).all()
        assert {e.payload["entity_id"] for e in deleted} == {hubspot, apollo}
        assert all(e.payload["entity"]["consumer_id"] == "consumer-1" for e in deleted)
    assert "apollo-secret-key" not in str(stored(app))


def test_deleting_an_unknown_consumer_is_not_found(vault):
    assert vault.delete("/vault/consumers/nobody").status_code == 404


def test_stats_count_the_consumers_requests_within_the_range(app, vault, first_application, second_application):
    add_consumer(vault, "c1")
    app_id = first_application.application_id
    start = datetime(2021, 5, 1, 12, tzinfo=timezone.utc)
    for hours, api in [(1, "vault"), (2, "vault"), (3, "provider"), (4, "mgmt"), (5, "provider")]:
        log_request(app, app_id, "c1", api, start + timedelta(hours=hours))
    log_request(app, app_id, "c1", "vault", start - timedelta(hours=1))  # before the range
    log_request(app, app_id, "c1", "vault", start + timedelta(days=30))  # after it
    log_request(app, app_id, "c2", "vault", start + timedelta(hours=1))  # another consumer
    log_request(app, second_application.application_id, "c1", "vault", start + timedelta(hours=1))  # another app

    response = vault.get("/vault/consumers/c1/stats", params={
        "start_datetime": "2021-05-01T12:00:00.000Z", "end_datetime": "2021-05-10T12:00:00.000Z"})

    assert response.status_code == 200, response.text
    assert response.json()["data"] == {
        "application_id": app_id, "consumer_id": "c1",
        "start_datetime": "2021-05-01T12:00:00Z", "end_datetime": "2021-05-10T12:00:00Z",
        "aggregated_request_count": 5, "request_counts": {"unify": 0, "proxy": 2, "vault": 3},
    }
    consumer = vault.get("/vault/consumers/c1").json()["data"]
    assert consumer["aggregated_request_count"] >= 7
    assert consumer["request_count_updated"]


def test_the_list_shows_each_consumers_request_counts(app, vault, first_application, second_application):
    for consumer_id in ("c-logged", "c-quiet"):
        add_consumer(vault, consumer_id)
    app_id = first_application.application_id
    last = datetime(2021, 5, 1, 15, tzinfo=timezone.utc)
    for hours, api in [(0, "vault"), (1, "provider"), (2, "mgmt"), (3, "vault")]:
        log_request(app, app_id, "c-logged", api, last - timedelta(hours=3 - hours))
    log_request(app, second_application.application_id, "c-quiet", "vault", last)  # another application's

    listed = {c["consumer_id"]: c for c in vault.get("/vault/consumers").json()["data"]}

    assert listed["c-logged"]["aggregated_request_count"] == 4
    assert listed["c-logged"]["request_counts"] == {"unify": 0, "proxy": 1, "vault": 3}
    assert listed["c-logged"]["request_count_updated"] == "2021-05-01T15:00:00Z"
    assert listed["c-quiet"]["aggregated_request_count"] == 0
    assert listed["c-quiet"]["request_counts"] == {"unify": 0, "proxy": 0, "vault": 0}
    assert "request_count_updated" not in listed["c-quiet"]
    one = vault.get("/vault/consumers/c-logged").json()["data"]
    one.pop("connections")
    assert one == listed["c-logged"]  # the list writes each consumer as reading it alone does, times included
    assert one["created"].endswith("Z") and one["modified"].endswith("Z")


@pytest.mark.parametrize("params", [
    {"start_datetime": "yesterday", "end_datetime": "2021-05-10T12:00:00Z"},
    {"start_datetime": "2021-05-10T12:00:00Z", "end_datetime": "2021-05-01T12:00:00Z"},
    {"start_datetime": "2021-05-01T12:00:00Z"},
    {},
])
def test_bad_stats_ranges_are_refused(vault, params):
    add_consumer(vault, "c1")

    response = vault.get("/vault/consumers/c1/stats", params=params)

    assert response.status_code == 400
    assert response.json()["type_name"] == "RequestValidationError"


def test_stats_of_an_unknown_consumer_are_not_found(vault):
    response = vault.get("/vault/consumers/nobody/stats", params={
        "start_datetime": "2021-05-01T12:00:00Z", "end_datetime": "2021-05-10T12:00:00Z"})

    assert response.status_code == 404


def test_another_application_never_sees_the_consumers(app, vault, other_vault, mgmt):
    assert mgmt.post("/providers", json=HUBSPOT).status_code == 201
    add_consumer(vault, "consumer-1", METADATA)
    assert vault.post("/vault/connections/crm/hubspot", json={}).status_code == 200
    before = stored(app)

    assert other_vault.get("/vault/consumers").json()["data"] == []
    assert other_vault.get("/vault/consumers/consumer-1").status_code == 404
    assert patch(other_vault, "/vault/consumers/consumer-1", json={"metadata": {"email": "x@y.z"}}).status_code == 404
    assert other_vault.delete("/vault/consumers/consumer-1").status_code == 404
    assert other_vault.get("/vault/consumers/consumer-1/stats", params={
        "start_datetime": "2021-05-01T12:00:00Z", "end_datetime": "2021-05-10T12:00:00Z"}).status_code == 404
    assert stored(app) == before
    assert vault.get("/vault/consumers/consumer-1").json()["data"]["services"] == ["hubspot"]


def test_the_same_consumer_id_is_a_different_consumer_in_each_application(vault, other_vault):
    add_consumer(vault, "shared", {"account_name": "First"})
    add_consumer(other_vault, "shared", {"account_name": "Second"})

    assert vault.get("/vault/consumers/shared").json()["data"]["metadata"] == {"account_name": "First"}
    assert other_vault.get("/vault/consumers/shared").json()["data"]["metadata"] == {"account_name": "Second"}


def test_consumers_need_the_api_key_and_app_id(http, first_application):
    headers = {"authorization": "Bearer wrong", "x-apideck-app-id": first_application.application_id}

    assert http.get("/vault/consumers", headers=headers).status_code == 401
    assert http.get("/vault/consumers").status_code == 401
