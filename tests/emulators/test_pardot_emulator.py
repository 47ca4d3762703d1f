"""Account Engagement's emulator as the API v5 reference describes it: queries answer only the named
``fields`` in ``values``, pages follow ``nextPageToken`` (sent alone), ``updatedAt`` filters where the object
has them, ``deleted`` where records go to the recycle bin, custom prospect fields, ``{"code", "message"}``
errors, the business unit header on every request, the daily and concurrent limits, and Salesforce's OAuth."""

from __future__ import annotations

import base64
import hashlib
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

from starlette.testclient import TestClient

from glue_emulators import pardot
from glue_emulators.dataset import BASE_TIME
from glue_emulators.pardot.render import pardot_time, remote_id, render

Q = "/api/v5/objects"


def api(counts: dict[str, int], **options) -> tuple[object, TestClient]:
    emulator = pardot.create_emulator(counts, **options)
    token = emulator.oauth.mint()["access_token"]
    return emulator, TestClient(emulator.app, headers={"Authorization": f"Bearer {token}",
                                                        "Pardot-Business-Unit-Id": pardot.BUSINESS_UNIT_ID})


def read_all(client: TestClient, path: str, params: dict) -> list[dict]:
    found, query = [], params
    while True:
        answer = client.get(path, params=query)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        found += body["values"]
        if body["nextPageToken"] is None:
            assert body["nextPageUrl"] is None
            return found
        assert parse_qs(urlsplit(body["nextPageUrl"]).query)["nextPageToken"] == [body["nextPageToken"]]
        query = {"nextPageToken": body["nextPageToken"]}


def test_a_query_answers_the_named_fields_page_by_page_to_the_end():
    emulator, client = api({"prospects": 450})
    first = client.get(f"{Q}/prospects", params={"fields": "id,email,updatedAt"})
    assert len(first.json()["values"]) == 200  # the default limit
    assert set(first.json()["values"][0]) == {"id", "email", "updatedAt"}
    every = read_all(client, f"{Q}/prospects", {"fields": "id,email", "limit": 1000})
    assert len(every) == 450 and [p["id"] for p in every] == sorted(p["id"] for p in every)
    paged = read_all(client, f"{Q}/prospects", {"fields": "id", "limit": 100, "orderBy": "id DESC"})
    assert [p["id"] for p in paged] == sorted((p["id"] for p in every), reverse=True)
    shown = client.get(f"{Q}/prospects/{remote_id('prospects', 7)}", params={"fields": "id,Industry_Segment__c"})
    assert shown.json() == {"id": int(remote_id("prospects", 7)),
                            "Industry_Segment__c": render("prospects", emulator.dataset["prospects"].record(7))[
                                "Industry_Segment__c"]}


def test_bad_queries_are_refused_with_a_code_and_a_message():
    _, client = api({"prospects": 5, "campaigns": 5})
    for path, params in [(f"{Q}/prospects", {}), (f"{Q}/prospects", {"fields": "id,favouriteColour"}),
                         (f"{Q}/prospects", {"fields": "id", "limit": 1001}),
                         (f"{Q}/prospects", {"fields": "id", "orderBy": "email"}),
                         (f"{Q}/prospects", {"nextPageToken": "bm90LWEtdG9rZW4", "fields": "id"}),
                         (f"{Q}/prospects", {"nextPageToken": "bm90LWEtdG9rZW4"}),
                         (f"{Q}/campaigns", {"fields": "id", "updatedAtAfterOrEqualTo": "2024-01-01T00:00:00Z"}),
                         (f"{Q}/visitors", {"fields": "id", "deleted": "all"})]:
        answer = client.get(path, params=params)
        assert answer.status_code == 400, (path, params)
        assert set(answer.json()) == {"code", "message"} and isinstance(answer.json()["code"], int)
    assert client.get(f"{Q}/visitor_activity", params={"fields": "id"}).status_code == 404


def test_updated_at_filters_and_the_recycle_bin():
    emulator, client = api({"prospects": 30, "visitors": 30})
    emulator.dataset.respace(timedelta(minutes=5))
    emulator.dataset["prospects"].delete([28])
    since = pardot_time(BASE_TIME + timedelta(minutes=5 * 25))  # with the account's -04:00 offset
    fields = "id,isDeleted,updatedAt"
    live = read_all(client, f"{Q}/prospects", {"fields": fields, "updatedAtAfterOrEqualTo": since,
                                               "orderBy": "updatedAt ASC,id ASC", "limit": 2})
    assert [p["id"] for p in live] == [int(remote_id("prospects", i)) for i in (25, 26, 27, 29)]
    both = read_all(client, f"{Q}/prospects", {"fields": fields, "updatedAtAfter": since, "deleted": "all"})
    assert [p["isDeleted"] for p in both] == [False, False, True, False]  # 28 was deleted last, after 29: id order
    gone = read_all(client, f"{Q}/prospects", {"fields": fields, "deleted": "true"})
    assert [p["id"] for p in gone] == [int(remote_id("prospects", 28))]
    assert len(read_all(client, f"{Q}/visitors", {"fields": "id", "updatedAtBefore": since})) == 25


def test_custom_prospect_fields_are_listed():
    _, client = api({})
    fields = read_all(client, f"{Q}/custom-fields", {"fields": "id,name,fieldId,type", "limit": 1})
    assert fields == [{"id": 101, "name": "Industry segment", "fieldId": "Industry_Segment__c", "type": "Dropdown"},
                      {"id": 102, "name": "Trial end date", "fieldId": "Trial_End__c", "type": "Date"}]


def test_every_request_needs_a_live_token_and_one_of_the_accounts_business_units():
    emulator, client = api({"forms": 2})
    params = {"fields": "id"}
    assert client.get(f"{Q}/forms", params=params).status_code == 200
    missing = client.get(f"{Q}/forms", params=params, headers={"Pardot-Business-Unit-Id": ""})
    assert (missing.status_code, missing.json()["code"]) == (401, 181)
    unknown = client.get(f"{Q}/forms", params=params, headers={"Pardot-Business-Unit-Id": "0Uv5e000000ZZZZZZZ"})
    assert (unknown.status_code, unknown.json()["code"]) == (401, 182)
    stale = client.get(f"{Q}/forms", params=params, headers={"Authorization": "Bearer not-a-token"})
    assert (stale.status_code, stale.json()["code"]) == (401, 184)


def test_a_spent_day_answers_429_code_122_until_the_utc_day_turns():
    day = [date(2026, 12, 2)]
    emulator, client = api({"forms": 2}, today=lambda: day[0])
    client.post("/_emulator/limits", json={"daily_limit": 3})
    answers = [client.get(f"{Q}/forms", params={"fields": "id"}) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1].json() == {"code": 122, "message": "Daily API rate limit met."}
    assert "retry-after" not in answers[-1].headers  # Account Engagement names no time
    assert not any(h.lower().startswith("x-ratelimit") for a in answers for h in a.headers)
    day[0] += timedelta(days=1)
    assert client.get(f"{Q}/forms", params={"fields": "id"}).status_code == 200


def test_requests_beyond_the_concurrent_limit_answer_429_code_66():
    emulator, client = api({"forms": 2})
    # One request at a time: sequential requests all pass, each freeing its place when answered.
    client.post("/_emulator/limits", json={"concurrent_limit": 1})
    assert [client.get(f"{Q}/forms", params={"fields": "id"}).status_code for _ in range(3)] == [200] * 3
    assert emulator.limits.in_flight == {pardot.BUSINESS_UNIT_ID: 0}
    # None at a time: the next request is one too many.
    client.post("/_emulator/limits", json={"concurrent_limit": 0})
    refused = client.get(f"{Q}/forms", params={"fields": "id"})
    assert (refused.status_code, refused.json()) == (429, {"code": 66, "message": "Exceeded concurrent request limit."})
    assert client.get("/_emulator/limits").json()["refused"] == {"daily": 0, "concurrent": 1}


def test_salesforce_oauth_signs_in_with_pkce_and_refreshes():
    emulator = pardot.create_emulator({})
    emulator.oauth.register_client("pardot-client", "pardot-secret")
    client = TestClient(emulator.app)
    verifier = "v" * 50
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    consent = client.post("/services/oauth2/authorize", data={
        "client_id": "pardot-client", "redirect_uri": "https://glue.test/cb", "scope": "pardot_api refresh_token",
        "state": "s1", "code_challenge": challenge, "decision": "approve"}, follow_redirects=False)
    code = parse_qs(urlsplit(consent.headers["location"]).query)["code"][0]
    token = client.post("/services/oauth2/token", data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": "https://glue.test/cb",
        "client_id": "pardot-client", "client_secret": "pardot-secret", "code_verifier": verifier}).json()
    assert token["scope"] == "pardot_api refresh_token" and token["refresh_token"]
    query = {"fields": "id"}
    unit = {"Pardot-Business-Unit-Id": pardot.BUSINESS_UNIT_ID}
    assert client.get(f"{Q}/forms", params=query, headers={
        "Authorization": f"Bearer {token['access_token']}", **unit}).status_code == 200
    refreshed = client.post("/services/oauth2/token", data={
        "grant_type": "refresh_token", "refresh_token": token["refresh_token"], "client_id": "pardot-client",
        "client_secret": "pardot-secret"}).json()
    assert client.get(f"{Q}/forms", params=query, headers={
        "Authorization": f"Bearer {refreshed['access_token']}", **unit}).status_code == 200
