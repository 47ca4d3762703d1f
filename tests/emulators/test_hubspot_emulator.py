"""The HubSpot emulator answers as HubSpot's public API documentation says."""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from starlette.testclient import TestClient

from glue_emulators.dataset import BASE_STEP, BASE_TIME
from glue_emulators.hubspot import Limits, create_emulator
from glue_emulators.server import EmulatorServer
from tests.emulators.manual_clock import ManualClock

REDIRECT_URI = "https://app.example.com/oauth/callback"
RATE_HEADERS = ("X-HubSpot-RateLimit-Interval-Milliseconds", "X-HubSpot-RateLimit-Max", "X-HubSpot-RateLimit-Remaining")


@pytest.fixture
def emulator():
    return create_emulator({"contacts": 120, "companies": 12, "deals": 30, "owners": 6, "cars": 9},
                           limits=Limits(requests_per_interval=10_000, search_per_second=10_000))


@pytest.fixture
def client(emulator):
    with TestClient(emulator.app) as http:
        yield http


@pytest.fixture
def auth(emulator):
    return {"Authorization": f"Bearer {emulator.oauth.mint()['access_token']}"}


def ms(moment) -> str:
    return str(int(moment.timestamp() * 1000))


def search_body(since, limit=10, after=0, prop="lastmodifieddate", **extra):
    return {
        "filterGroups": [{"filters": [{"propertyName": prop, "operator": "GTE", "value": ms(since)}]}],
        "sorts": [{"propertyName": prop, "direction": "ASCENDING"}],
        "limit": limit,
        "after": str(after),
        **extra,
    }


def search(client, auth, body, object_type="contacts"):
    return client.post(f"/crm/v3/objects/{object_type}/search", json=body, headers=auth)


def list_all(client, auth, path, **params):
    ids, after = [], None
    while True:
        body = client.get(path, params={**params, **({"after": after} if after else {})}, headers=auth).json()
        ids += [r["id"] for r in body["results"]]
        after = (body.get("paging") or {}).get("next", {}).get("after")
        if after is None:
            return ids


# -- OAuth ----------------------------------------------------------------------------------------


def authorize(client, emulator, verifier: str | None = "v" * 50, state="st-1") -> str:
    emulator.oauth.register_client("app-1", "secret-1")
    params = {"client_id": "app-1", "redirect_uri": REDIRECT_URI, "scope": "oauth crm.objects.contacts.read",
              "state": state}
    if verifier:
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        params |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    page = client.get("/oauth/authorize", params=params)
    assert page.status_code == 200 and "crm.objects.contacts.read" in page.text
    approved = client.post("/oauth/authorize", data={**params, "decision": "approve"}, follow_redirects=False)
    assert approved.status_code == 302
    query = parse_qs(urlparse(approved.headers["location"]).query)
    assert query["state"] == [state]
    return query["code"][0]


def token_request(client, **form):
    return client.post("/oauth/v1/token", data={"client_id": "app-1", "client_secret": "secret-1", **form})


def test_authorization_code_with_pkce_gives_hubspot_tokens(client, emulator):
    code = authorize(client, emulator)
    response = token_request(client, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI,
                             code_verifier="v" * 50)
    assert response.status_code == 200
    tokens = response.json()
    assert tokens["token_type"] == "bearer" and tokens["expires_in"] == 1800
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert client.get("/crm/v3/objects/contacts", headers=bearer).status_code == 200
    info = client.get(f"/oauth/v1/access-tokens/{tokens['access_token']}").json()
    assert info["hub_id"] == int(emulator.oauth.account_id)
    assert info["scopes"] == ["oauth", "crm.objects.contacts.read"] and info["user"] and info["token_type"] == "access"
    # codes are single use
    again = token_request(client, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI,
                          code_verifier="v" * 50)
    assert again.status_code == 400 and again.json()["status"] == "BAD_AUTH_CODE"


def test_wrong_pkce_verifier_and_wrong_client_secret_are_refused(client, emulator):
    code = authorize(client, emulator)
    bad = token_request(client, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI,
                        code_verifier="w" * 50)
    assert bad.status_code == 400 and bad.json()["status"] == "BAD_AUTH_CODE"
    code = authorize(client, emulator)
    wrong = client.post("/oauth/v1/token", data={"grant_type": "authorization_code", "code": code, "client_id": "app-1",
                                                  "client_secret": "nope", "redirect_uri": REDIRECT_URI})
    assert wrong.status_code == 400 and wrong.json()["status"] == "BAD_CLIENT_SECRET"
    unknown = client.post("/oauth/v1/token", data={"grant_type": "refresh_token", "client_id": "who",
                                                    "refresh_token": "x"})
    assert unknown.json()["status"] == "BAD_CLIENT_ID"


def test_consent_can_be_denied(client, emulator):
    emulator.oauth.register_client("app-1", "secret-1")
    denied = client.post("/oauth/authorize", data={"client_id": "app-1", "redirect_uri": REDIRECT_URI, "state": "s",
                                                   "decision": "deny"}, follow_redirects=False)
    assert parse_qs(urlparse(denied.headers["location"]).query) == {"error": ["access_denied"], "state": ["s"]}


def test_refresh_and_invalid_grant_in_hubspots_format(client, emulator):
    code = authorize(client, emulator, verifier=None)  # PKCE is optional
    tokens = token_request(client, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI).json()
    refreshed = token_request(client, grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    assert refreshed.status_code == 200
    assert refreshed.json()["access_token"] != tokens["access_token"]
    assert refreshed.json()["refresh_token"] == tokens["refresh_token"]  # HubSpot refresh tokens are long-lived
    emulator.oauth.revoke(tokens["refresh_token"])
    revoked = token_request(client, grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    assert revoked.status_code == 400
    assert revoked.json()["status"] == "BAD_REFRESH_TOKEN" and revoked.json()["message"]
    assert token_request(client, grant_type="password").json()["status"] == "BAD_GRANT_TYPE"


def test_401_without_a_valid_bearer_token(client, emulator, auth):
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic abc"}):
        response = client.get("/crm/v3/objects/contacts", headers=headers)
        assert response.status_code == 401
        body = response.json()
        assert body["status"] == "error" and body["category"] == "INVALID_AUTHENTICATION" and body["correlationId"]
    emulator.oauth.expire_access_tokens()
    expired = client.get("/crm/v3/objects/contacts", headers=auth)
    assert expired.status_code == 401 and auth["Authorization"][7:] not in expired.text


# -- objects, paging, filters ---------------------------------------------------------------------


def test_list_pages_through_every_live_record_with_opaque_cursors(client, emulator, auth):
    first = client.get("/crm/v3/objects/contacts", params={"limit": 7}, headers=auth).json()
    assert len(first["results"]) == 7
    after = first["paging"]["next"]["after"]
    assert not after.isdigit() and f"after={after}" in first["paging"]["next"]["link"].replace("%3D", "=")
    record = first["results"][0]
    assert set(record) == {"id", "properties", "createdAt", "updatedAt", "archived"}
    assert set(record["properties"]) == {"createdate", "email", "firstname", "hs_object_id", "lastmodifieddate",
                                         "lastname"}
    ids = list_all(client, auth, "/crm/v3/objects/contacts", limit=7)
    expected = client.get("/_emulator/records/contacts").json()["records"]
    assert ids == sorted(expected, key=int) and len(ids) == 120
    # pages are capped at 100, as HubSpot caps them
    assert len(client.get("/crm/v3/objects/contacts", params={"limit": 500}, headers=auth).json()["results"]) == 100


def test_properties_param_and_property_definitions(client, auth):
    definitions = client.get("/crm/v3/properties/deals", headers=auth).json()["results"]
    names = [d["name"] for d in definitions]
    assert {"dealname", "amount", "dealstage", "closedate", "hs_lastmodifieddate", "hubspot_owner_id"} <= set(names)
    stage = next(d for d in definitions if d["name"] == "dealstage")
    assert stage["type"] == "enumeration" and {o["value"] for o in stage["options"]} >= {"closedwon", "closedlost"}
    deal = client.get("/crm/v3/objects/deals", params={"properties": ",".join(names), "limit": 1}, headers=auth).json()
    properties = deal["results"][0]["properties"]
    assert set(properties) == set(names)
    assert float(properties["amount"]) > 0 and properties["hs_object_id"] == deal["results"][0]["id"]
    only = client.get("/crm/v3/objects/deals", params={"properties": "dealname,no_such_property"}, headers=auth).json()
    assert set(only["results"][0]["properties"]) == {"dealname"}


def test_archived_records_are_listed_only_with_archived_true(client, auth):
    deleted = client.post("/_emulator/changes/delete", json={"object": "contacts", "indices": [2, 5]}).json()["ids"]
    live = list_all(client, auth, "/crm/v3/objects/contacts", limit=50)
    assert not set(deleted) & set(live) and len(live) == 118
    archived = client.get("/crm/v3/objects/contacts", params={"archived": "true"}, headers=auth).json()["results"]
    assert [r["id"] for r in archived] == deleted
    assert all(r["archived"] and r["archivedAt"] == r["updatedAt"] for r in archived)


def test_search_filters_sorts_and_pages_by_offset(client, auth):
    since = BASE_TIME + 100 * BASE_STEP
    first = client.post("/crm/v3/objects/contacts/search", json=search_body(since, limit=8), headers=auth)
    assert first.status_code == 200
    assert not any(h in first.headers for h in RATE_HEADERS)  # search responses carry no rate-limit headers
    body = first.json()
    assert body["total"] == 20 and body["paging"]["next"]["after"] == "8"
    second = search(client, auth, search_body(since, limit=8, after=8)).json()
    third = search(client, auth, search_body(since, limit=8, after=16)).json()
    results = body["results"] + second["results"] + third["results"]
    assert "paging" not in third and len(results) == 20
    modified = [r["properties"]["lastmodifieddate"] for r in results]
    assert modified == sorted(modified) and modified[0] == "2024-01-01T00:01:40.000Z"
    # an upstream change moves a record to the end of the modified order
    changed = client.post("/_emulator/changes/update", json={"object": "contacts", "indices": [3]}).json()["ids"]
    recent = client.post("/crm/v3/objects/contacts/search", json=search_body(since, limit=50), headers=auth).json()
    assert recent["results"][-1]["id"] == changed[0] and recent["total"] == 21


def test_search_understands_other_date_operators_and_refuses_what_it_cannot_do(client, auth):
    low, high = BASE_TIME + 10 * BASE_STEP, BASE_TIME + 14 * BASE_STEP
    between = {"filterGroups": [{"filters": [{"propertyName": "hs_lastmodifieddate", "operator": "BETWEEN",
                                              "value": low.isoformat(), "highValue": ms(high)}]}], "limit": 50}
    found = client.post("/crm/v3/objects/deals/search", json=between, headers=auth).json()
    assert found["total"] == 5 and len(found["results"]) == 5
    wrong_property = search_body(low, prop="hs_lastmodifieddate")  # contacts have lastmodifieddate
    refused = client.post("/crm/v3/objects/contacts/search", json=wrong_property, headers=auth)
    assert refused.status_code == 400 and refused.json()["category"] == "VALIDATION_ERROR"
    assert search(client, auth, search_body(low, limit=201)).status_code == 400


def test_search_never_pages_past_the_results_cap(client, emulator, auth):
    emulator.limits.search_results_cap = 30
    since = BASE_TIME
    assert search(client, auth, search_body(since, limit=10, after=20)).status_code == 200
    capped = search(client, auth, search_body(since, limit=10, after=30))
    assert capped.status_code == 400 and "30" in capped.json()["message"]
    assert search(client, auth, search_body(since, limit=20, after=20)).status_code == 400


def test_custom_objects_by_every_name_hubspot_accepts(client, emulator, auth):
    schemas = client.get("/crm/v3/schemas", headers=auth).json()["results"]
    assert [s["name"] for s in schemas] == ["cars"]
    schema = schemas[0]
    assert schema["fullyQualifiedName"] == f"p{emulator.oauth.account_id}_cars"
    assert schema["objectTypeId"].startswith("2-")
    for name in ("p_cars", schema["fullyQualifiedName"], schema["objectTypeId"]):
        ids = list_all(client, auth, f"/crm/v3/objects/{name}", limit=4, properties="make,model,vin")
        assert len(ids) == 9
    unknown = client.get("/crm/v3/objects/p_boats", headers=auth)
    assert unknown.status_code == 400 and unknown.json()["category"] == "VALIDATION_ERROR"


def test_owners_live_and_archived(client, auth):
    owners = client.get("/crm/v3/owners", params={"limit": 4}, headers=auth).json()
    assert len(owners["results"]) == 4 and "after" in owners["paging"]["next"]
    owner = owners["results"][0]
    assert {"id", "email", "firstName", "lastName", "userId", "createdAt", "updatedAt", "archived", "teams"} <= set(
        owner)
    gone = client.post("/_emulator/changes/delete", json={"object": "owners", "indices": [1]}).json()["ids"]
    assert gone[0] not in list_all(client, auth, "/crm/v3/owners", limit=2)
    archived = client.get("/crm/v3/owners", params={"archived": "true"}, headers=auth).json()["results"]
    assert [o["id"] for o in archived] == gone and archived[0]["archived"]
    # records assigned to an archived owner lose it
    contacts = client.get("/crm/v3/objects/contacts", params={"properties": "hubspot_owner_id", "limit": 100},
                          headers=auth)
    assert gone[0] not in {c["properties"]["hubspot_owner_id"] for c in contacts.json()["results"]}


def test_v4_association_batch_read_agrees_in_both_directions(client, auth):
    contact = client.post("/crm/v4/associations/contacts/companies/batch/read",
                          json={"inputs": [{"id": "101"}, {"id": "113"}]}, headers=auth).json()
    to = {r["from"]["id"]: [t["toObjectId"] for t in r["to"]] for r in contact["results"]}
    assert len(to["101"]) == 1 and to["101"] == to["113"]  # 12 companies: contacts 0 and 12 share one
    company = str(to["101"][0])
    back = client.post("/crm/v4/associations/companies/contacts/batch/read", json={"inputs": [{"id": company}]},
                       headers=auth).json()
    assert {101, 113} <= {t["toObjectId"] for t in back["results"][0]["to"]}
    assert back["results"][0]["to"][0]["associationTypes"][0] == {"category": "HUBSPOT_DEFINED", "typeId": 2,
                                                                  "label": "Primary"}
    missing = client.post("/crm/v4/associations/contacts/companies/batch/read", json={"inputs": [{"id": "1"}]},
                          headers=auth)
    assert missing.status_code == 207 and missing.json()["numErrors"] == 1


def test_association_pages_past_500_per_record():
    emulator = create_emulator({"contacts": 1300, "companies": 2})
    with TestClient(emulator.app) as client:
        auth = {"Authorization": f"Bearer {emulator.oauth.mint()['access_token']}"}
        path = "/crm/v4/associations/companies/contacts/batch/read"
        first = client.post(path, json={"inputs": [{"id": "5000000001"}]}, headers=auth).json()["results"][0]
        assert len(first["to"]) == 500
        second = client.post(path, json={"inputs": [{"id": "5000000001", "after": first["paging"]["next"]["after"]}]},
                             headers=auth).json()["results"][0]
        assert len(second["to"]) == 150 and "paging" not in second


# -- rate limits and faults -----------------------------------------------------------------------


def test_rate_limit_headers_on_every_api_response(client, emulator, auth):
    first = client.get("/crm/v3/objects/companies", headers=auth)
    second = client.get("/crm/v3/owners", headers=auth)
    assert first.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "10000"
    remaining = [int(r.headers["X-HubSpot-RateLimit-Remaining"]) for r in (first, second)]
    assert remaining[1] == remaining[0] - 1
    assert "X-HubSpot-RateLimit-Daily" not in first.headers  # OAuth calls have no daily limit
    private = client.get("/crm/v3/objects/companies",
                         headers={"Authorization": f"Bearer {emulator.account.private_app_token}"})
    assert private.headers["X-HubSpot-RateLimit-Daily"] == "500000"
    assert int(private.headers["X-HubSpot-RateLimit-Daily-Remaining"]) == 499_999


def test_the_rolling_window_is_enforced_with_hubspots_429():
    clock = ManualClock()
    emulator = create_emulator({"contacts": 5}, limits=Limits(requests_per_interval=3, interval_ms=10_000), clock=clock)
    auth = {"Authorization": f"Bearer {emulator.oauth.mint()['access_token']}"}
    with TestClient(emulator.app) as client:
        remaining = [client.get("/crm/v3/objects/contacts", headers=auth).headers["X-HubSpot-RateLimit-Remaining"]
                     for _ in range(3)]
        assert remaining == ["2", "1", "0"]
        clock.advance(2.5)
        limited = client.get("/crm/v3/objects/contacts", headers=auth)
        body = limited.json()
        assert limited.status_code == 429
        assert body["errorType"] == "RATE_LIMIT" and body["policyName"] == "TEN_SECONDLY_ROLLING"
        assert body["correlationId"]
        assert limited.headers["Retry-After"] == "8"  # 7.5 s left in the window, rounded up to whole seconds
        clock.advance(7.4)
        assert client.get("/crm/v3/objects/contacts", headers=auth).status_code == 429
        clock.advance(0.2)
        assert client.get("/crm/v3/objects/contacts", headers=auth).status_code == 200


def test_search_is_limited_per_second():
    clock = ManualClock()
    emulator = create_emulator({"deals": 5}, limits=Limits(search_per_second=2), clock=clock)
    auth = {"Authorization": f"Bearer {emulator.oauth.mint()['access_token']}"}
    with TestClient(emulator.app) as client:
        answers = [client.post("/crm/v3/objects/deals/search", json={"limit": 1}, headers=auth) for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 429]
        assert answers[2].json()["policyName"] == "SECONDLY" and answers[2].headers["Retry-After"] == "1"
        clock.advance(1.0)
        assert client.post("/crm/v3/objects/deals/search", json={"limit": 1}, headers=auth).status_code == 200


def test_fault_injection_speaks_hubspot(client, auth):
    client.post("/_emulator/faults", json={"rate_limit_every": 2, "retry_after_seconds": 0.05})
    answers = [client.get("/crm/v3/objects/contacts", headers=auth) for _ in range(2)]
    limited = next(a for a in answers if a.status_code == 429)
    assert limited.headers["Retry-After"] == "1" and limited.json()["errorType"] == "RATE_LIMIT"
    assert limited.headers["X-HubSpot-RateLimit-Remaining"] == "0"
    client.post("/_emulator/faults", json={"rate_limit_every": 0, "server_error_every": 1})
    failed = client.get("/crm/v3/objects/contacts", headers=auth)
    assert failed.status_code >= 500 and failed.json()["status"] == "error"
    client.post("/_emulator/faults", json={"server_error_every": 0, "unauthorized": True})
    assert client.get("/crm/v3/owners", headers=auth).status_code == 401
    # faults hit the API only, never OAuth or control routes
    assert client.get("/_emulator/records/contacts").status_code == 200
    # each injected fault was served, once
    assert client.get("/_emulator/faults").json()["served"] == {"rate_limit": 1, "server_error": 1, "unauthorized": 1}


def test_serves_over_http_on_a_loopback_port(emulator, auth):
    with EmulatorServer(emulator.app) as server:
        response = httpx.get(f"{server.url}/crm/v3/objects/contacts", params={"limit": 3}, headers=auth)
    assert response.status_code == 200 and len(response.json()["results"]) == 3


def test_a_million_records_cost_nothing_until_read():
    emulator = create_emulator({"contacts": 1_000_000})
    with TestClient(emulator.app) as client:
        auth = {"Authorization": f"Bearer {emulator.oauth.mint()['access_token']}"}
        since = BASE_TIME + 999_990 * BASE_STEP
        found = client.post("/crm/v3/objects/contacts/search", json=search_body(since, limit=5), headers=auth).json()
        assert found["total"] == 10 and found["results"][0]["id"] == str(101 + 999_990)
        deep = client.post("/crm/v3/objects/contacts/search",
                           json=search_body(BASE_TIME + timedelta(seconds=5), limit=200, after=9_800), headers=auth)
        assert deep.json()["results"][0]["id"] == str(101 + 5 + 9_800)
