"""The Salesforce emulator answers as Salesforce's REST API and OAuth documentation say."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from glue_emulators.salesforce import create_emulator
from glue_emulators.salesforce.ids import record_id
from glue_emulators.server import EmulatorServer

V = "/services/data/v60.0"
SESSION_INVALID = [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]
CLIENT_ID, CLIENT_SECRET, REDIRECT_URI = "3MVG9-glue", "s3cret", "https://app.example/callback"


@pytest.fixture
def emulator():
    return create_emulator({"Account": 450, "Contact": 60, "User": 8, "Project__c": 30})


@pytest.fixture
def server(emulator):
    with EmulatorServer(emulator.app) as running:
        yield running


@pytest.fixture
def api(emulator, server):
    token = emulator.oauth.mint()["access_token"]
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}) as client:
        yield client


def query(api: httpx.Client, soql: str, *, all_rows: bool = True, batch: int | None = None) -> httpx.Response:
    headers = {"Sforce-Query-Options": f"batchSize={batch}"} if batch else {}
    return api.get(f"{V}/{'queryAll' if all_rows else 'query'}/", params={"q": soql}, headers=headers)


def every_record(api: httpx.Client, soql: str, *, all_rows: bool = True, batch: int | None = None) -> list[dict]:
    body = query(api, soql, all_rows=all_rows, batch=batch).json()
    records = body["records"]
    while not body["done"]:
        body = api.get(body["nextRecordsUrl"]).json()
        records += body["records"]
    return records


def authorization_code(server, *, scope: str = "api refresh_token", challenge: str | None = None) -> str:
    params = {"response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI, "scope": scope,
              "state": "xyz"}
    if challenge:
        params |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    page = httpx.get(f"{server.url}/services/oauth2/authorize", params=params)
    assert page.status_code == 200 and CLIENT_ID in page.text
    approved = httpx.post(f"{server.url}/services/oauth2/authorize", params=params,
                          data={**params, "decision": "approve"})
    assert approved.status_code == 302
    query_string = parse_qs(urlparse(approved.headers["location"]).query)
    assert query_string["state"] == ["xyz"]
    return query_string["code"][0]


def token_request(server, **form) -> httpx.Response:
    return httpx.post(f"{server.url}/services/oauth2/token",
                      data={"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, **form})


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


# -- OAuth ------------------------------------------------------------------------------------


def test_web_server_flow_with_pkce_issues_salesforce_tokens(emulator, server):
    emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    verifier, challenge = pkce_pair()
    code = authorization_code(server, challenge=challenge)

    response = token_request(server, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI,
                             code_verifier=verifier)

    assert response.status_code == 200
    body = response.json()
    assert {"access_token", "refresh_token", "instance_url", "id", "issued_at", "signature", "token_type",
            "scope"} <= set(body)
    assert "expires_in" not in body  # Salesforce does not say when the session ends
    assert body["instance_url"] == server.url and body["token_type"] == "Bearer"
    assert body["id"].startswith(f"{server.url}/id/00D")
    expected = hmac.new(CLIENT_SECRET.encode(), (body["id"] + body["issued_at"]).encode(), hashlib.sha256).digest()
    assert base64.b64decode(body["signature"]) == expected
    limits = httpx.get(f"{body['instance_url']}{V}/limits/",
                       headers={"Authorization": f"Bearer {body['access_token']}"})
    assert limits.status_code == 200


def test_code_exchange_failures_are_invalid_grant(emulator, server):
    emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    verifier, challenge = pkce_pair()

    code = authorization_code(server, challenge=challenge)
    wrong = token_request(server, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI,
                          code_verifier="not-the-verifier")
    assert wrong.status_code == 400
    assert wrong.json() == {"error": "invalid_grant", "error_description": "invalid code verifier"}

    code = authorization_code(server, challenge=challenge)
    assert token_request(server, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI,
                         code_verifier=verifier).status_code == 200
    reused = token_request(server, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI,
                           code_verifier=verifier)
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"


def test_token_endpoint_rejects_unknown_clients_and_grant_types(emulator, server):
    emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    assert token_request(server, grant_type="password").json() == {
        "error": "unsupported_grant_type", "error_description": "grant type not supported"}
    assert token_request(server, grant_type="refresh_token", refresh_token="x", client_secret="wrong").json() == {
        "error": "invalid_client", "error_description": "invalid client credentials"}
    assert token_request(server, grant_type="refresh_token", refresh_token="x", client_id="nobody").json()["error"] == (
        "invalid_client_id")


def test_refresh_keeps_the_refresh_token_and_revoked_ones_are_invalid_grant(emulator, server):
    emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    code = authorization_code(server)
    first = token_request(server, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI).json()

    refreshed = token_request(server, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert refreshed.status_code == 200
    assert "refresh_token" not in refreshed.json()  # the old one stays valid
    assert refreshed.json()["access_token"] != first["access_token"]

    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert httpx.post(f"{server.url}/services/oauth2/token", headers={"Authorization": f"Basic {basic}"},
                      data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}).status_code == 200

    assert httpx.post(f"{server.url}/services/oauth2/revoke", data={"token": first["refresh_token"]}).status_code == 200
    revoked = token_request(server, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert revoked.status_code == 400
    assert revoked.json() == {"error": "invalid_grant", "error_description": "expired access/refresh token"}


def test_refresh_token_only_when_a_refresh_scope_is_granted(emulator, server):
    emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    code = authorization_code(server, scope="api")
    body = token_request(server, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI).json()
    assert "access_token" in body and "refresh_token" not in body


# -- authentication and limits --------------------------------------------------------------


def test_api_answers_401_invalid_session_without_a_valid_token(emulator, server, api):
    assert httpx.get(f"{server.url}{V}/limits/").json() == SESSION_INVALID
    unknown = httpx.get(f"{server.url}{V}/limits/", headers={"Authorization": "Bearer 00Dnope"})
    assert unknown.status_code == 401 and unknown.json() == SESSION_INVALID
    assert api.get(f"{V}/limits/").status_code == 200
    emulator.oauth.expire_access_tokens()
    expired = api.get(f"{V}/limits/")
    assert expired.status_code == 401 and expired.json() == SESSION_INVALID


def test_every_api_response_reports_usage_and_limits_agree(emulator, api):
    first = api.get(f"{V}/sobjects/Account/describe/")
    second = query(api, "SELECT Id FROM Account")
    failed = query(api, "SELECT Nope FROM Account")
    usages = [r.headers["Sforce-Limit-Info"] for r in (first, second, failed)]
    assert usages == ["api-usage=1/100000", "api-usage=2/100000", "api-usage=3/100000"]
    limits = api.get(f"{V}/limits/")
    assert limits.json()["DailyApiRequests"] == {"Max": 100000, "Remaining": 100000 - 4}
    assert api.get("/services/data/").headers.get("Sforce-Limit-Info") is None  # the versions list is free


def test_spent_daily_allocation_answers_403_request_limit_exceeded(emulator, api):
    emulator.usage.max = 2
    assert api.get(f"{V}/limits/").status_code == 200
    assert api.get(f"{V}/limits/").status_code == 200
    refused = api.get(f"{V}/limits/")
    assert refused.status_code == 403
    assert refused.json()[0]["errorCode"] == "REQUEST_LIMIT_EXCEEDED"
    assert refused.headers["Sforce-Limit-Info"] == "api-usage=3/2"


def test_unknown_api_version_is_not_found(api):
    response = api.get("/services/data/v7.0/limits/")
    assert response.status_code == 404 and response.json()[0]["errorCode"] == "NOT_FOUND"


# -- describe -------------------------------------------------------------------------------


def test_describe_lists_queryable_fields(api):
    account = api.get(f"{V}/sobjects/Account/describe/").json()
    names = [f["name"] for f in account["fields"]]
    assert {"Id", "IsDeleted", "SystemModstamp", "Name", "Industry", "OwnerId"} <= set(names)
    assert account["keyPrefix"] == "001" and account["custom"] is False
    owner = next(f for f in account["fields"] if f["name"] == "OwnerId")
    assert owner["type"] == "reference" and owner["referenceTo"] == ["User"]

    user = api.get(f"{V}/sobjects/user/describe").json()  # names are case-insensitive, slash optional
    assert "IsDeleted" not in [f["name"] for f in user["fields"]]

    custom = api.get(f"{V}/sobjects/Project__c/describe/").json()
    assert custom["custom"] is True and custom["keyPrefix"].startswith("a0")
    assert any(f["name"] == "Status__c" and f["custom"] for f in custom["fields"])

    missing = api.get(f"{V}/sobjects/Spaceship/describe/")
    assert missing.status_code == 404 and missing.json()[0]["errorCode"] == "NOT_FOUND"
    assert {"Account", "Project__c"} <= {s["name"] for s in api.get(f"{V}/sobjects/").json()["sobjects"]}


# -- query ----------------------------------------------------------------------------------


def test_query_pages_by_batch_size_and_next_records_url(api):
    first = query(api, "SELECT Id, Name, SystemModstamp FROM Account ORDER BY SystemModstamp, Id", batch=200)
    body = first.json()
    assert body["totalSize"] == 450 and body["done"] is False and len(body["records"]) == 200
    # queryAll's locator says "query", as the QueryAll docs point out
    assert body["nextRecordsUrl"].startswith(f"{V}/query/01g") and body["nextRecordsUrl"].endswith("-200")
    record = body["records"][0]
    assert record["attributes"]["type"] == "Account"
    assert record["attributes"]["url"] == f"{V}/sobjects/Account/{record['Id']}"
    assert set(record) == {"attributes", "Id", "Name", "SystemModstamp"}
    assert len(record["Id"]) == 18 and record["Id"].startswith("001")

    records = every_record(api, "SELECT Id, SystemModstamp FROM Account ORDER BY SystemModstamp, Id", batch=200)
    assert len(records) == 450 and len({r["Id"] for r in records}) == 450
    keys = [(r["SystemModstamp"], r["Id"]) for r in records]
    assert keys == sorted(keys)


def test_batch_size_defaults_to_2000_and_stays_in_the_documented_range():
    emulator = create_emulator({"Lead": 2300})
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server, httpx.Client(
        base_url=server.url, headers={"Authorization": f"Bearer {token}"}
    ) as api:
        assert len(query(api, "SELECT Id FROM Lead").json()["records"]) == 2000
        assert len(query(api, "SELECT Id FROM Lead", batch=5000).json()["records"]) == 2000
        assert len(query(api, "SELECT Id FROM Lead", batch=10).json()["records"]) == 200
        assert len(query(api, "SELECT Id FROM Lead", batch=750).json()["records"]) == 750


def test_more_results_can_be_fetched_again_and_unknown_locators_fail(api):
    body = query(api, "SELECT Id FROM Account", batch=200).json()
    again = api.get(body["nextRecordsUrl"]).json()
    assert api.get(body["nextRecordsUrl"]).json() == again  # a retried page is the same page
    assert api.get(body["nextRecordsUrl"].replace("/query/", "/queryAll/")).json() == again
    unknown = api.get(f"{V}/query/01gDx0000000000AAA-200")
    assert unknown.status_code == 400 and unknown.json()[0]["errorCode"] == "INVALID_QUERY_LOCATOR"


def test_system_modstamp_filters(emulator, api):
    store = emulator.dataset["Account"]
    store.update([10, 20, 30])
    changed = every_record(api, "SELECT Id, SystemModstamp FROM Account WHERE SystemModstamp >= 2025-01-01T00:00:00Z")
    assert [r["Id"] for r in changed] == [record_id("001", i) for i in (10, 20, 30)]

    stamp = changed[1]["SystemModstamp"]  # e.g. 2026-11-23T14:00:00.123+0000
    literal = stamp[:23] + "Z"
    inclusive = every_record(api, f"SELECT Id FROM Account WHERE SystemModstamp >= {literal}")
    exclusive = every_record(api, f"SELECT Id FROM Account WHERE SystemModstamp > {literal}")
    assert [r["Id"] for r in inclusive] == [r["Id"] for r in changed[1:]]
    assert [r["Id"] for r in exclusive] == [r["Id"] for r in changed[2:]]

    # the original records were last modified one second apart from 2024-01-01T00:00:00Z
    window = every_record(api, "SELECT Id FROM Account WHERE SystemModstamp >= 2024-01-01T00:00:05Z "
                               "AND SystemModstamp < 2024-01-01T01:00:07+01:00")
    assert len(window) == 2
    body = query(api, "SELECT Id FROM Account WHERE SystemModstamp >= 2025-01-01T00:00:00Z").json()
    assert body["totalSize"] == 3 and body["done"] is True


def test_query_hides_deleted_records_and_query_all_returns_them(emulator, api):
    emulator.dataset["Account"].delete([5, 6])
    live = every_record(api, "SELECT Id, IsDeleted FROM Account", all_rows=False)
    everything = every_record(api, "SELECT Id, IsDeleted FROM Account")
    assert len(live) == 448 and not any(r["IsDeleted"] for r in live)
    assert len(everything) == 450
    deleted = [r for r in everything if r["IsDeleted"]]
    assert len(deleted) == 2 and everything[-2:] == deleted  # a deletion is the record's latest change
    only_deleted = every_record(api, "SELECT Id FROM Account WHERE IsDeleted = TRUE")
    assert [r["Id"] for r in only_deleted] == [r["Id"] for r in deleted]
    assert query(api, "SELECT Id FROM Account WHERE IsDeleted = TRUE").json()["totalSize"] == 2


@pytest.mark.parametrize(("soql", "error_code"), [
    ("SELECT Id, Nope__c FROM Account", "INVALID_FIELD"),
    ("SELECT Id FROM Spaceship", "INVALID_TYPE"),
    ("SELECT FROM Account", "MALFORMED_QUERY"),
    ("SELECT Id Account", "MALFORMED_QUERY"),
    ("SELECT Id FROM Account WHERE SystemModstamp >= '2024-01-01T00:00:00Z'", "MALFORMED_QUERY"),
    ("SELECT Id FROM Account WHERE Nope >= 2024-01-01T00:00:00Z", "INVALID_FIELD"),
    ("SELECT Id FROM Account ORDER BY Name", "MALFORMED_QUERY"),
    ("SELECT Id, Id FROM Account", "MALFORMED_QUERY"),
    ("SELECT Id, IsDeleted FROM User", "INVALID_FIELD"),
])
def test_soql_errors_use_salesforce_error_bodies(api, soql, error_code):
    response = query(api, soql)
    assert response.status_code == 400
    [error] = response.json()
    assert error["errorCode"] == error_code and error["message"]


def test_soql_keywords_and_names_are_case_insensitive_and_limit_is_honoured(api):
    records = every_record(api, "select id, name from account where systemmodstamp >= 2024-01-01T00:00:00Z "
                                "order by systemmodstamp asc, id asc limit 250", batch=200)
    assert len(records) == 250 and set(records[0]) == {"attributes", "Id", "Name"}


# -- faults ---------------------------------------------------------------------------------


def test_injected_faults_use_salesforce_bodies(emulator, server, api):
    emulator.faults.configure(rate_limit_every=1, retry_after_seconds=2)
    limited = api.get(f"{V}/limits/")
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "2"
    assert limited.json()[0]["errorCode"] == "REQUEST_LIMIT_EXCEEDED"
    assert "Sforce-Limit-Info" in limited.headers
    # OAuth and control routes are not the API and are never faulted
    assert httpx.post(f"{server.url}/_emulator/faults", json={"rate_limit_every": 0}).status_code == 200

    emulator.faults.configure(server_error_every=1)
    failed = api.get(f"{V}/limits/")
    assert failed.status_code == 503 and failed.json()[0]["errorCode"] == "SERVER_UNAVAILABLE"

    emulator.faults.configure(server_error_every=0, unauthorized=True)
    assert api.get(f"{V}/limits/").json() == SESSION_INVALID
    assert httpx.post(f"{server.url}/services/oauth2/token", data={"grant_type": "x"}).status_code == 400


def test_control_routes_change_what_the_api_serves(server, api):
    updated = httpx.post(f"{server.url}/_emulator/changes/update", json={"object": "Contact", "indices": [3]}).json()
    assert updated["ids"][0].startswith("003")
    created = httpx.post(f"{server.url}/_emulator/changes/create", json={"object": "Contact", "count": 2}).json()
    live = httpx.get(f"{server.url}/_emulator/records/Contact").json()
    assert live["count"] == 62 and set(created["ids"]) <= set(live["records"])
    recent = every_record(api, "SELECT Id FROM Contact WHERE SystemModstamp >= 2025-01-01T00:00:00Z")
    assert [r["Id"] for r in recent] == updated["ids"] + created["ids"]


def test_a_million_records_page_without_materializing():
    emulator = create_emulator({"Account": 1_000_000, "User": 10})
    emulator.dataset["Account"].update(emulator.dataset["Account"].spread(0.001))
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server, httpx.Client(
        base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as api:
        body = query(api, "SELECT Id, Name, SystemModstamp FROM Account ORDER BY SystemModstamp, Id").json()
        body = api.get(body["nextRecordsUrl"]).json()
        recent = query(api, "SELECT Id FROM Account WHERE SystemModstamp >= 2025-01-01T00:00:00Z").json()
    assert body["totalSize"] == 1_000_000 and len(body["records"]) == 2000
    assert recent["totalSize"] == 1000
