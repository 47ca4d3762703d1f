"""The Dynamics 365 Sales emulator judged by Microsoft's reference, from outside: the identity platform's
v2.0 authorize and token endpoints (scope naming the organisation, refresh naming it again, AADSTS error
bodies), Dataverse's OData lists (maxpagesize, nextLink, modifiedon filters, $select), change tracking (delta
links, deleted entities, expired tokens), its error bodies,
service protection headers and 429s, WhoAmI and column metadata."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.testclient import TestClient

from glue_emulators import ms_dynamics_365_sales as dynamics

ORG = "http://testserver"  # the TestClient's origin: the emulated organisation URL
API = "/api/data/v9.2"
SCOPE = f"{ORG}/user_impersonation offline_access"
CLIENT, SECRET, REDIRECT = "app-id", "app-secret", "https://glue.example/vault/callback"


@pytest.fixture
def emulator():
    made = dynamics.create_emulator({"account": 12, "contact": 3, "lead": 2, "opportunity": 2, "systemuser": 2})
    made.oauth.register_client(CLIENT, SECRET)
    return made


@pytest.fixture
def client(emulator):
    return TestClient(emulator.app, follow_redirects=False)


def bearer(emulator) -> dict:
    return {"Authorization": f"Bearer {emulator.oauth.mint(CLIENT)['access_token']}"}


def consent(client, scope: str = SCOPE, **extra) -> str:
    """Approves the consent page; returns the code the redirect carries."""
    params = {"client_id": CLIENT, "response_type": "code", "redirect_uri": REDIRECT, "scope": scope,
              "state": "s1", **extra}
    assert client.get("/organizations/oauth2/v2.0/authorize", params=params).status_code == 200
    answer = client.post("/organizations/oauth2/v2.0/authorize", data={**params, "decision": "approve"})
    assert answer.status_code == 302
    query = parse_qs(urlsplit(answer.headers["location"]).query)
    assert query["state"] == ["s1"]
    return query["code"][0]


def token(client, **form):
    return client.post("/organizations/oauth2/v2.0/token", data={"client_id": CLIENT, "client_secret": SECRET, **form})


def test_the_code_flow_with_pkce_gives_tokens_for_the_organisation_and_a_refresh_names_the_scope_again(client):
    verifier = "v" * 50
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    code = consent(client, code_challenge=challenge, code_challenge_method="S256")
    answer = token(client, grant_type="authorization_code", code=code, redirect_uri=REDIRECT, code_verifier=verifier)
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] > 0 and body["refresh_token"]
    assert body["scope"] == f"{ORG}/user_impersonation"
    assert client.get(f"{API}/WhoAmI", headers={"Authorization": f"Bearer {body['access_token']}"}).status_code == 200

    without_scope = token(client, grant_type="refresh_token", refresh_token=body["refresh_token"])
    assert without_scope.status_code == 400
    assert without_scope.json()["error"] == "invalid_request"
    assert without_scope.json()["error_description"].startswith("AADSTS900144")
    refreshed = token(client, grant_type="refresh_token", refresh_token=body["refresh_token"], scope=SCOPE)
    assert refreshed.status_code == 200 and refreshed.json()["access_token"] != body["access_token"]


def test_a_scope_for_another_organisation_gets_no_consent_page(client):
    params = {"client_id": CLIENT, "response_type": "code", "redirect_uri": REDIRECT, "state": "s",
              "scope": "https://other.crm.dynamics.com/user_impersonation offline_access"}
    assert client.get("/organizations/oauth2/v2.0/authorize", params=params).status_code == 400


def test_refused_grants_and_clients_answer_in_aadsts_error_bodies(client):
    dead = token(client, grant_type="refresh_token", refresh_token="rt-unknown", scope=SCOPE)
    assert dead.status_code == 400
    body = dead.json()
    assert body["error"] == "invalid_grant" and body["error_codes"] == [70000]
    assert {"timestamp", "trace_id", "correlation_id"} <= set(body)
    wrong = client.post("/organizations/oauth2/v2.0/token", data={
        "client_id": CLIENT, "client_secret": "nope", "grant_type": "refresh_token", "refresh_token": "x"})
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    reused = consent(client)
    assert token(client, grant_type="authorization_code", code=reused, redirect_uri=REDIRECT).status_code == 200
    assert token(client, grant_type="authorization_code", code=reused, redirect_uri=REDIRECT).json()["error"] \
        == "invalid_grant"  # a code works once


def test_lists_page_by_next_link_at_the_preferred_size_in_modifiedon_order(client, emulator):
    headers = bearer(emulator) | {"Prefer": "odata.maxpagesize=5"}
    first = client.get(f"{API}/accounts", headers=headers)
    assert first.status_code == 200
    assert first.headers["preference-applied"] == "odata.maxpagesize=5"
    body = first.json()
    assert body["@odata.context"] == f"{ORG}{API}/$metadata#accounts" and len(body["value"]) == 5
    seen = [r["accountid"] for r in body["value"]]
    pages = 1
    while "@odata.nextLink" in body:
        next_link = body["@odata.nextLink"]
        assert next_link.startswith(f"{ORG}{API}/accounts?") and "%24skiptoken=" in next_link
        body = client.get(body["@odata.nextLink"], headers=headers).json()
        seen += [r["accountid"] for r in body["value"]]
        pages += 1
    assert pages == 3 and len(seen) == len(set(seen)) == 12
    everything = client.get(f"{API}/accounts", headers=bearer(emulator)).json()  # 5,000 by default
    assert [r["accountid"] for r in everything["value"]] == seen and "@odata.nextLink" not in everything
    times = [r["modifiedon"] for r in everything["value"]]
    assert times == sorted(times)


def test_modifiedon_filters_select_and_deleted_rows(client, emulator):
    headers = bearer(emulator)
    rows = client.get(f"{API}/accounts", headers=headers, params={
        "$filter": "modifiedon ge 2024-01-01T00:00:07Z", "$select": "name,modifiedon", "$orderby": "modifiedon asc",
    }).json()["value"]
    assert [r["modifiedon"] for r in rows] == [f"2024-01-01T00:00:{s:02d}Z" for s in range(7, 12)]
    assert set(rows[0]) == {"@odata.etag", "accountid", "name", "modifiedon"}
    between = client.get(f"{API}/accounts", headers=headers, params={
        "$filter": "modifiedon gt 2024-01-01T00:00:07Z and modifiedon lt 2024-01-01T00:00:10Z"}).json()["value"]
    assert [r["modifiedon"] for r in between] == ["2024-01-01T00:00:08Z", "2024-01-01T00:00:09Z"]
    emulator.dataset["account"].delete([8])
    after = client.get(f"{API}/accounts", headers=headers).json()["value"]
    assert len(after) == 11  # the Web API simply no longer lists a deleted row
    annotated = client.get(f"{API}/leads", headers=headers | {
        "Prefer": 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"'}).json()["value"][0]
    assert annotated["statecode@OData.Community.Display.V1.FormattedValue"] in ("Open", "Qualified", "Disqualified")
    assert "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname" not in annotated  # only what was asked for
    bad = client.get(f"{API}/accounts", headers=headers, params={"$filter": "name eq 'x' or 1 eq 1"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "0x80060888"


def test_missing_tokens_unknown_tables_and_faults_answer_as_dataverse_does(client, emulator):
    anonymous = client.get(f"{API}/accounts")
    assert anonymous.status_code == 401 and anonymous.content == b""
    assert anonymous.headers["www-authenticate"].startswith("Bearer authorization_uri=")
    missing = client.get(f"{API}/widgets", headers=bearer(emulator))
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "0x80060888"
    emulator.faults.configure(server_error_every=1)
    failed = client.get(f"{API}/accounts", headers=bearer(emulator))
    assert failed.status_code == 500 and failed.json()["error"]["code"] == "0x80040216"


def test_service_protection_reports_what_is_left_and_refuses_a_spent_window():
    clock = [1000.0]
    emulator = dynamics.create_emulator({"account": 1}, rate_limit=3, clock=lambda: clock[0])
    client = TestClient(emulator.app)
    headers = bearer(emulator)
    left = [client.get(f"{API}/accounts", headers=headers).headers["x-ms-ratelimit-burst-remaining-xrm-requests"]
            for _ in range(3)]
    assert left == ["2", "1", "0"]
    refused = client.get(f"{API}/accounts", headers=headers)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "0x80072322"
    assert refused.headers["retry-after"] == "200"  # the five-minute window that began at 900 s opens at 1,200 s
    assert "x-ms-ratelimit-time-remaining-xrm-requests" in refused.headers
    clock[0] = 1200.0
    assert client.get(f"{API}/accounts", headers=headers).status_code == 200


def test_who_am_i_names_a_user_that_exists_and_custom_columns_are_listed(client, emulator):
    headers = bearer(emulator)
    me = client.get(f"{API}/WhoAmI", headers=headers).json()
    assert {"UserId", "BusinessUnitId", "OrganizationId"} <= set(me)
    user = client.get(f"{API}/systemusers({me['UserId']})", headers=headers)
    assert user.status_code == 200 and user.json()["systemuserid"] == me["UserId"]
    custom = client.get(f"{API}/EntityDefinitions(LogicalName='account')/Attributes", headers=headers,
                        params={"$filter": "IsCustomAttribute eq true"}).json()["value"]
    assert [a["LogicalName"] for a in custom] == ["new_tier"]
    assert custom[0]["DisplayName"]["UserLocalizedLabel"]["Label"] == "Tier"
    row = client.get(f"{API}/accounts", headers=headers).json()["value"][0]
    assert "new_tier" in row  # the column's values are in the records
    table = client.get(f"{API}/EntityDefinitions(LogicalName='new_project')", headers=headers).json()
    assert (table["EntitySetName"], table["PrimaryIdAttribute"], table["IsCustomEntity"]) == \
        ("new_projects", "new_projectid", True)
    assert client.get(f"{API}/new_projects", headers=headers).json()["value"][0]["new_projectid"]
    unknown = client.get(f"{API}/EntityDefinitions(LogicalName='widget')/Attributes", headers=headers)
    assert unknown.status_code == 404


def tracked_read(client, url: str, headers: dict) -> tuple[list[dict], dict]:
    """Every row of a change-tracked read (following next links), and its last page."""
    rows, body = [], client.get(url, headers=headers).json()
    rows += body["value"]
    while "@odata.nextLink" in body:
        assert "@odata.deltaLink" not in body  # only the last page hands out the delta link
        body = client.get(body["@odata.nextLink"], headers=headers).json()
        rows += body["value"]
    return rows, body


def test_change_tracking_hands_out_delta_links_that_answer_changes_and_deleted_entities(client, emulator):
    headers = bearer(emulator) | {"Prefer": "odata.track-changes,odata.maxpagesize=5"}
    first = client.get(f"{API}/accounts", headers=headers)
    assert set(first.headers["preference-applied"].split(",")) == {"odata.track-changes", "odata.maxpagesize=5"}
    rows, last = tracked_read(client, f"{API}/accounts", headers)
    assert len(rows) == 12 and len({r["accountid"] for r in rows}) == 12
    delta_link = last["@odata.deltaLink"]
    assert delta_link.startswith(f"{ORG}{API}/accounts?") and "%24deltatoken=" in delta_link

    nothing = client.get(delta_link, headers=bearer(emulator)).json()
    assert nothing["value"] == [] and nothing["@odata.context"] == f"{ORG}{API}/$metadata#accounts/$delta"
    store = emulator.dataset["account"]
    store.delete([3])
    store.update([7])
    (added,) = store.create(1)
    changes = client.get(delta_link, headers=bearer(emulator)).json()
    deleted = [r for r in changes["value"] if r.get("reason")]
    assert deleted == [{"@odata.context": f"{ORG}{API}/$metadata#accounts/$deletedEntity",
                        "id": dynamics.render.remote_id("account", 3), "reason": "deleted"}]
    changed = {r["accountid"]: r for r in changes["value"] if not r.get("reason")}
    assert set(changed) == {dynamics.render.remote_id("account", i) for i in (7, added)}
    assert changed[dynamics.render.remote_id("account", 7)]["description"].endswith("version 1")
    # The answer's own link starts after these changes; the old one still answers them (until it expires).
    assert client.get(changes["@odata.deltaLink"], headers=bearer(emulator)).json()["value"] == []
    assert len(client.get(delta_link, headers=bearer(emulator)).json()["value"]) == 3


def test_change_tracking_refuses_filters_untracked_tables_and_expired_tokens(client, emulator):
    headers = bearer(emulator) | {"Prefer": "odata.track-changes"}
    for option in ("$filter", "$orderby"):
        value = "modifiedon ge 2024-01-01T00:00:00Z" if option == "$filter" else "modifiedon asc"
        refused = client.get(f"{API}/accounts", headers=headers, params={option: value})
        assert refused.status_code == 400 and option in refused.json()["error"]["message"]
    untracked = client.get(f"{API}/new_projects", headers=headers)
    assert untracked.status_code == 400 and "new_project" in untracked.json()["error"]["message"]
    definition = client.get(f"{API}/EntityDefinitions(LogicalName='new_project')", headers=bearer(emulator)).json()
    assert definition["ChangeTrackingEnabled"] is False
    assert client.post("/_emulator/change_tracking", json={"enable": ["new_project"]}).status_code == 200
    assert "@odata.deltaLink" in client.get(f"{API}/new_projects", headers=headers).json()

    _, last = tracked_read(client, f"{API}/accounts", headers)
    client.post("/_emulator/change_tracking", json={"expire_tokens": True})
    expired = client.get(last["@odata.deltaLink"], headers=bearer(emulator))
    assert expired.status_code == 400
    assert expired.json()["error"] == {"code": "0x80044352", "message": "Version stamp associated with the client "
                                                                         "has expired. Please perform a full sync."}
    garbled = client.get(f"{API}/accounts", headers=bearer(emulator), params={"$deltatoken": "not-a-token"})
    assert garbled.status_code == 400
