"""Request logs: what the middleware records, log_provider_call, and GET /vault/logs."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from glue_providers import registry
from glue_api.db import transaction
from glue_api.deps import SessionDep
from glue_api.logs.service import current_request_log_id, log_provider_call
from glue_api.models import Connection, RequestLog
from glue_api.models.base import new_id, utcnow
from glue_api.vault.auth import VaultApplication
from tests.support.store import dump_all_rows

HUBSPOT = {
    "name": "hubspot", "category": "crm", "auth_type": "oauth2",
    "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": ["crm.objects.contacts.read"],
               "credentials": {"oauth_client_id": "cid", "oauth_client_secret": "csecret"}}},
}


def rows(app) -> list[RequestLog]:
    app.state.request_logs.flush()  # what the app still holds in its batch
    with transaction(app.state.session_factory) as session:
        return list(session.execute(select(RequestLog).order_by(RequestLog.created_at)).scalars())


def logs(vault, **params):
    response = vault.get("/vault/logs", params=params)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def hubspot_connection(app, mgmt) -> str:
    mgmt.put("/customers", json={"customer_id": "consumer-1", "name": "Acme", "email": "it@acme.test"})
    assert mgmt.post("/providers", json=HUBSPOT).status_code == 201
    assert mgmt.post("/customers/consumer-1/connections",
                     json={"provider_name": "hubspot", "type": "oauth2", "refresh_token": "rt-1"}).status_code == 200
    with transaction(app.state.session_factory) as session:
        return session.execute(select(Connection)).scalar_one().id


def provider_call(app, connection_id: str, status: int = 200, parent: str | None = None, **kwargs) -> str:
    token = current_request_log_id.set(parent)
    try:
        with transaction(app.state.session_factory) as session:
            row = log_provider_call(
                session, session.get(Connection, connection_id), operation_id="tokenRefresh",
                operation_name="Refresh access token", method="post",
                url="https://user:pw@api.hubapi.com/oauth/v1/token?refresh_token=rt-secret&client_secret=cs",
                status_code=status, duration_ms=123.4, **kwargs,
            )
            return row.id
    finally:
        current_request_log_id.reset(token)


def test_vault_calls_are_logged_with_their_operation(app, vault):
    vault.post("/vault/sessions", json={})
    vault.get("/vault/custom-mappings/crm/hubspot/crm+contacts+tier")  # 404: no such connection

    session_log, mapping_log = rows(app)
    assert (session_log.operation_id, session_log.operation_name) == ("sessionsCreate", "Create Session")
    assert session_log.http_method == "POST" and session_log.path == "/vault/sessions"
    assert session_log.status_code == 200 and session_log.success
    assert session_log.consumer_id == "consumer-1"  # the application's own id for its customer
    assert session_log.api == "vault" and session_log.duration_ms > 0
    assert session_log.application_id == vault.application_id
    assert mapping_log.operation_id == "customMappingsOne"
    assert mapping_log.status_code == 404 and not mapping_log.success
    assert mapping_log.error_message == "Consumer consumer-1 has no crm/hubspot connection."


def test_management_calls_are_logged_under_the_customer(app, mgmt):
    mgmt.put("/customers", json={"customer_id": "c7", "name": "Acme", "email": "it@acme.test"})
    mgmt.get("/customers/c7")
    mgmt.get("/customers/nobody")
    mgmt.get("/customers")
    logged = [(r.operation_id, r.consumer_id, r.status_code, r.api) for r in rows(app)]
    assert logged == [
        ("upsertCustomer", None, 200, "mgmt"),
        ("getCustomer", "c7", 200, "mgmt"),
        ("getCustomer", "nobody", 404, "mgmt"),
        ("getCustomers", None, 200, "mgmt"),
    ]
    assert rows(app)[2].error_message == "Customer nobody was not found."


def test_unauthenticated_and_unknown_calls_are_not_logged(app, http, vault, first_application):
    http.get("/vault/logs", headers={"authorization": "Bearer glue_sk_wrong", "x-apideck-app-id": "x",
                                     "x-apideck-consumer-id": "consumer-1"})
    http.get("/vault/logs", headers={"authorization": f"Bearer {first_application.api_key}",
                                     "x-apideck-app-id": "another-app", "x-apideck-consumer-id": "consumer-1"})
    http.get("/mgmt/v2/customers", headers={"x-api-key": "glue_sk_wrong"})
    http.get("/mgmt/v2/customers")
    http.get("/vault/no-such-operation", headers=vault.auth_headers)
    assert rows(app) == []


def test_nothing_secret_is_logged(app, vault, mgmt, first_application):
    vault.get("/vault/logs", params={"cursor": "c2VjcmV0LXRva2Vu", "filter[connector_id]": "my-secret-value"})
    mgmt.post("/destinations", json={"type": "postgres", "name": "x", "config": {
        "host": "h", "port": 70000, "database": "d", "schema": "s", "user": "u", "password": "the-password"}})
    assert len(rows(app)) == 2
    stored = repr(dump_all_rows(app.state.engine, include_audit=True)["request_logs"])
    for secret in (first_application.api_key, "c2VjcmV0LXRva2Vu", "my-secret-value", "the-password"):
        assert secret not in stored
    assert rows(app)[0].path == "/vault/logs"


def test_get_logs_answers_the_specs_log_shape_newest_first(app, vault):
    vault.post("/vault/sessions", json={})
    vault.get("/vault/custom-mappings/crm/hubspot/crm+contacts+tier")
    body = logs(vault)
    assert [log["operation"]["id"] for log in body["data"]] == ["customMappingsOne", "sessionsCreate"]
    newest = body["data"][0]
    assert newest["status_code"] == 404 and newest["success"] is False
    assert newest["error_message"] == "Consumer consumer-1 has no crm/hubspot connection."
    assert newest["consumer_id"] == "consumer-1"
    assert newest["unified_api"] == "vault" and newest["service"]["id"] == "vault"
    assert newest["path"] == "/vault/custom-mappings/crm/hubspot/crm+contacts+tier"
    assert newest["base_url"] == "http://glue.test"  # the configured public URL
    assert newest["source_ip"] is None and newest["child_request"] is False and newest["parent_id"] is None
    assert body["meta"]["items_on_page"] == 2
    # The call just made is logged once its answer is sent.
    assert logs(vault)["data"][0]["operation"] == {"id": "logsAll", "name": "Get all consumer request logs"}


def test_only_the_consumers_logs_of_this_application_are_shown(app, vault, other_vault, http, first_application):
    from tests.support.clients import vault_client

    vault.post("/vault/sessions", json={})
    other_vault.post("/vault/sessions", json={})
    someone_else = vault_client(http, first_application.api_key, first_application.application_id, "consumer-2")
    someone_else.post("/vault/sessions", json={})
    assert len(logs(vault)["data"]) == 1
    assert len(logs(other_vault)["data"]) == 1
    assert {log["consumer_id"] for log in logs(someone_else)["data"]} == {"consumer-2"}


def test_provider_calls_are_logged_and_linked_to_the_request_they_served(app, vault, hubspot_connection):
    vault.post("/vault/sessions", json={})
    parent = rows(app)[-1]
    child = provider_call(app, hubspot_connection, parent=parent.id)
    orphan = provider_call(app, hubspot_connection, status=400, error_message="invalid_grant")

    by_id = {log["id"]: log for log in logs(vault, **{"filter[connector_id]": "crm+hubspot"})["data"]}
    assert set(by_id) == {child, orphan}
    logged = by_id[child]
    assert logged["parent_id"] == parent.id and logged["child_request"] is True
    assert logged["service"] == {"id": "hubspot", "name": registry.get("hubspot").title}
    assert logged["unified_api"] == "crm"
    assert logged["base_url"] == "https://api.hubapi.com"  # no user info
    assert logged["path"] == "/oauth/v1/token"  # no query string
    assert logged["http_method"] == "POST" and logged["duration"] == 123.4 and logged["latency"] == 0
    assert by_id[orphan]["success"] is False and by_id[orphan]["error_message"] == "invalid_grant"
    assert by_id[orphan]["parent_id"] is None and by_id[orphan]["child_request"] is False

    everything = {log["id"]: log for log in logs(vault)["data"]}
    assert everything[parent.id]["has_children"] is True
    assert "rt-secret" not in repr(dump_all_rows(app.state.engine, include_audit=True))


def test_filters(app, vault, hubspot_connection):
    vault.post("/vault/sessions", json={})
    vault.get("/vault/custom-mappings/crm/hubspot/crm+contacts+tier")
    failed = provider_call(app, hubspot_connection, status=500)
    provider_call(app, hubspot_connection, status=200)

    assert [log["id"] for log in logs(vault, **{"filter[status_code]": "500"})["data"]] == [failed]
    not_vault = logs(vault, **{"filter[exclude_unified_apis]": "vault"})["data"]
    assert {log["unified_api"] for log in not_vault} == {"crm"} and len(not_vault) == 2
    assert all(log["unified_api"] == "vault" for log in logs(vault, **{"filter[exclude_unified_apis]": "crm,proxy"})["data"])
    # The two provider calls, and the Vault call whose path names HubSpot.
    about_hubspot = logs(vault, **{"filter[connector_id]": "hubspot"})["data"]
    assert len(about_hubspot) == 3
    assert logs(vault, **{"filter[connector_id]": "crm+salesforce"})["data"] == []
    assert logs(vault, **{"filter[connector_id]": "lead+hubspot"})["data"] == []


def test_pagination_follows_cursors_both_ways(app, vault, first_application):
    start = utcnow() - timedelta(hours=1)
    with transaction(app.state.session_factory) as session:
        for minute in range(5):
            session.add(RequestLog(
                id=new_id(), application_id=first_application.application_id, consumer_id="consumer-1", api="vault",
                operation_id="consumersOne", operation_name="Get consumer", http_method="GET",
                path=f"/vault/consumers/consumer-1?m={minute}", base_url="http://glue.test", status_code=200,
                success=True, unified_api="vault", duration_ms=1.0, created_at=start + timedelta(minutes=minute),
            ))
    first = logs(vault, limit=2, **{"filter[status_code]": "200"})
    assert [log["timestamp"] for log in first["data"]] == sorted([log["timestamp"] for log in first["data"]], reverse=True)
    assert first["meta"]["cursors"]["previous"] is None and first["meta"]["cursors"]["current"] is None
    assert first["links"]["previous"] is None
    next_link = urlsplit(first["links"]["next"])
    assert next_link.netloc == "glue.test" and next_link.path == "/vault/logs"
    assert parse_qs(next_link.query) == {"limit": ["2"], "filter[status_code]": ["200"],
                                         "cursor": [first["meta"]["cursors"]["next"]]}

    second = logs(vault, limit=2, cursor=first["meta"]["cursors"]["next"], **{"filter[status_code]": "200"})
    third = logs(vault, limit=2, cursor=second["meta"]["cursors"]["next"], **{"filter[status_code]": "200"})
    seen = [log["path"] for page in (first, second, third) for log in page["data"]]
    assert seen == [f"/vault/consumers/consumer-1?m={m}" for m in (4, 3, 2, 1, 0)]
    assert third["meta"]["cursors"]["next"] is None and third["links"]["next"] is None
    assert second["meta"]["cursors"]["current"] == first["meta"]["cursors"]["next"]

    back = logs(vault, limit=2, cursor=second["meta"]["cursors"]["previous"], **{"filter[status_code]": "200"})
    assert [log["id"] for log in back["data"]] == [log["id"] for log in first["data"]]


@pytest.mark.parametrize("params", [
    {"limit": "0"}, {"limit": "201"}, {"limit": "ten"}, {"cursor": "not-a-cursor"},
    {"filter[status_code]": "teapot"}, {"filter[status_code]": "42"},
    {"filter[connector_id]": "x" * 300},
], ids=["limit 0", "limit 201", "limit not a number", "bad cursor", "status not a number", "status out of range",
        "connector too long"])
def test_bad_parameters_answer_400(app, vault, params):
    before = dump_all_rows(app.state.engine)
    response = vault.get("/vault/logs", params=params)
    assert response.status_code == 400, response.text
    assert response.json()["type_name"] == "RequestValidationError"
    assert dump_all_rows(app.state.engine) == before


def test_consumer_header_is_required(http, first_application):
    from tests.support.clients import vault_client

    anonymous_consumer = vault_client(http, first_application.api_key, first_application.application_id)
    assert anonymous_consumer.get("/vault/logs").status_code == 400


def test_a_failing_log_write_does_not_fail_the_request(app, vault, caplog, monkeypatch):
    import glue_api.logs.writer as writer

    def broken(*args, **kwargs):
        raise RuntimeError("store is down")

    monkeypatch.setattr(writer, "record_api_calls", broken)
    assert vault.post("/vault/sessions", json={}).status_code == 200
    assert rows(app) == []
    assert "request log not written: RuntimeError" in caplog.text


def test_a_provider_call_made_while_serving_a_request_is_its_child(app, http, vault, hubspot_connection):
    """The request's log id reaches the handler's worker thread, so glue code needs no plumbing."""

    def calls_a_provider(application: VaultApplication, session: SessionDep) -> dict:
        row = log_provider_call(
            session, session.get(Connection, hubspot_connection), operation_id="contactsAll",
            operation_name="List contacts", method="GET", url="https://api.hubapi.com/crm/v3/objects/contacts",
            status_code=200, duration_ms=5.0,
        )
        return {"child": row.id}

    app.router.add_api_route("/vault/_test/provider-call", calls_a_provider, methods=["GET"])
    response = http.get("/vault/_test/provider-call", headers=vault.auth_headers)
    assert response.status_code == 200, response.text
    parent = rows(app)[-1]
    assert parent.path == "/vault/_test/provider-call" and parent.operation_id == "calls_a_provider"
    with transaction(app.state.session_factory) as session:
        child = session.get(RequestLog, response.json()["child"])
    assert child.parent_id == parent.id and child.child_request
    assert child.consumer_id == "consumer-1" and child.application_id == parent.application_id
