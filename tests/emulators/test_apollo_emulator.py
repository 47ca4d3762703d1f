"""Apollo's emulator as Apollo's searches show records: page/per_page (at most 100) with
pagination totals, the per-search page cap, mailboxes in one answer, generated records."""

from __future__ import annotations

from starlette.testclient import TestClient

from glue_emulators import apollo
from glue_emulators.apollo_records import SEQUENCE_STATES, remote_id

HEADERS = {"x-api-key": apollo.SANDBOX_KEY}


def client_for(counts: dict[str, int], **limits) -> tuple[apollo.ApiKeyEmulator, TestClient]:
    emulator = apollo.create_emulator(counts, **limits)
    return emulator, TestClient(emulator.app, headers=HEADERS)


def test_searches_page_by_number_with_totals_and_at_most_100_a_page():
    _, client = client_for({"contacts": 250, "users": 3})
    first = client.post("/api/v1/contacts/search", json={"page": 1, "per_page": 500}).json()
    assert len(first["contacts"]) == 100
    assert first["pagination"] == {"page": 1, "per_page": 100, "total_entries": 250, "total_pages": 3}
    last = client.post("/api/v1/contacts/search", json={"page": 3, "per_page": 100}).json()
    assert [c["id"] for c in last["contacts"]] == [remote_id("contacts", i) for i in range(200, 250)]
    users = client.get("/api/v1/users/search", params={"page": 1, "per_page": 2}).json()
    assert len(users["users"]) == 2 and users["pagination"]["total_pages"] == 2
    assert client.post("/api/v1/contacts/search", json={"page": "one"}).status_code == 422


def test_a_search_serves_at_most_its_cap_of_pages():
    _, client = client_for({"accounts": 50}, search_cap_pages=2)
    assert client.post("/api/v1/accounts/search", json={"page": 2, "per_page": 10}).status_code == 200
    beyond = client.post("/api/v1/accounts/search", json={"page": 3, "per_page": 10})
    assert beyond.status_code == 422 and "limited to 2 pages" in beyond.json()["error"]


def test_deleted_records_leave_the_searches_and_mailboxes_come_in_one_answer():
    _, client = client_for({"emailer_campaigns": 5, "email_accounts": 4})
    deleted = client.post("/_emulator/changes/delete", json={"object": "emailer_campaigns", "indices": [1]}).json()
    listed = client.post("/api/v1/emailer_campaigns/search", json={"page": 1, "per_page": 100}).json()
    assert deleted["ids"][0] not in {c["id"] for c in listed["emailer_campaigns"]}
    assert listed["pagination"]["total_entries"] == 4
    mailboxes = client.get("/api/v1/email_accounts").json()["email_accounts"]
    assert len(mailboxes) == 4 and mailboxes[0]["id"] == remote_id("email_accounts", 0)
    fields = client.get("/_emulator/records/email_accounts", params={"fields": "true"}).json()["fields"]
    assert fields == {m["id"]: m for m in mailboxes}


def test_contacts_carry_their_sequence_states():
    _, client = client_for({"contacts": 2})
    contact = client.post("/api/v1/contacts/search", json={}).json()["contacts"][0]
    state = contact["contact_campaign_statuses"][0]
    assert state["emailer_campaign_id"].startswith("64a1e3ca") and state["status"] in SEQUENCE_STATES

