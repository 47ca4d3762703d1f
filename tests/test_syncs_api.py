"""/syncs and /sync-runs: filters, pagination, pause, resume, trigger."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from glue_api.models import Connection, Customer, Destination, Sync, SyncConfig, SyncRun
from glue_api.syncs.service import due_syncs, pause_syncs

HUBSPOT = {
    "name": "hubspot", "category": "crm", "auth_type": "oauth2",
    "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": ["crm.objects.contacts.read"],
               "credentials": {"oauth_client_id": "cid", "oauth_client_secret": "csecret"}}},
}


@pytest.fixture
def synced(app, mgmt):
    """Two customers with HubSpot connections and a sync config of three objects."""
    mgmt.post("/providers", json=HUBSPOT)
    application_id = mgmt.put("/customers", json={"customer_id": "c1", "name": "A", "email": "a@a.test"}).json()["application_id"]
    mgmt.put("/customers", json={"customer_id": "c2", "name": "B", "email": "b@b.test"})
    provider_id = mgmt.get("/providers").json()[0]["id"]  # before the transaction: SQLite lets one writer in
    with app.state.session_factory.begin() as session:
        destination = Destination(application_id=application_id, name="wh", type="supaglue", config={})
        session.add(destination)
        session.flush()
        session.add(SyncConfig(application_id=application_id, destination_id=destination.id, provider_id=provider_id, config={
            "default_config": {"period_ms": 60000, "strategy": "full then incremental"},
            "standard_objects": [{"object": "contacts"}, {"object": "companies"}, {"object": "deals"}],
        }))
    for customer in ("c1", "c2"):
        made = mgmt.post(f"/customers/{customer}/connections", json={"provider_name": "hubspot", "type": "oauth2", "refresh_token": "rt"})
        assert made.status_code == 200
    return mgmt


def test_connections_get_one_sync_per_object(synced):
    page = synced.get("/syncs").json()
    assert page["total_count"] == 6
    assert {(s["customer_id"], s["object"]) for s in page["results"]} == {
        (c, o) for c in ("c1", "c2") for o in ("contacts", "companies", "deals")}
    only = synced.get("/syncs", params={"customer_id": "c2", "object": "deals"}).json()["results"]
    assert [(s["customer_id"], s["object"], s["paused"]) for s in only] == [("c2", "deals", False)]


def test_pages_follow_cursors_both_ways(synced):
    first = synced.get("/syncs", params={"page_size": "4"}).json()
    assert len(first["results"]) == 4 and first["previous"] is None and first["next"]
    second = synced.get("/syncs", params={"page_size": "4", "cursor": first["next"]}).json()
    assert len(second["results"]) == 2 and second["next"] is None
    seen = [s["id"] for s in first["results"] + second["results"]]
    assert len(set(seen)) == 6
    back = synced.get("/syncs", params={"page_size": "4", "cursor": second["previous"]}).json()
    assert [s["id"] for s in back["results"]] == [s["id"] for s in first["results"]]


def test_bad_page_size_and_cursor(synced):
    assert synced.get("/syncs", params={"page_size": "0"}).status_code == 400
    assert synced.get("/syncs", params={"page_size": "many"}).status_code == 400
    assert synced.get("/syncs", params={"cursor": "not-a-cursor"}).status_code == 400


def test_pause_resume_trigger(app, synced):
    headers = {"x-customer-id": "c1", "x-provider-name": "hubspot"}
    body = {"object_type": "standard", "object": "contacts"}
    assert synced.post("/syncs/_pause", json=body, headers=headers).json()["paused"] is True
    assert synced.post("/syncs/_trigger", json=body, headers=headers).status_code == 409
    assert synced.post("/syncs/_resume", json=body, headers=headers).json()["paused"] is False
    triggered = synced.post("/syncs/_trigger", json=body | {"perform_full_refresh": True}, headers=headers)
    assert triggered.status_code == 200
    with app.state.session_factory() as session:
        sync = session.get(Sync, triggered.json()["id"])
        assert sync.trigger_requested_at is not None and sync.force_full_sync is True
    missing = synced.post("/syncs/_pause", json={"object_type": "standard", "object": "tickets"}, headers=headers)
    assert missing.status_code == 404
    assert synced.post("/syncs/_pause", json=body).status_code == 400  # headers missing


def test_a_pause_by_the_user_is_never_lifted_by_time(app, synced):
    headers = {"x-customer-id": "c1", "x-provider-name": "hubspot"}
    contacts = {"object_type": "standard", "object": "contacts"}
    deals = {"object_type": "standard", "object": "deals"}
    now = datetime.now(timezone.utc)
    window_opens = now + timedelta(hours=1)
    with app.state.session_factory.begin() as session:
        connection_id = session.execute(select(Connection.id).join(Customer).where(Customer.external_id == "c1")).scalar_one()
        connection = session.get(Connection, connection_id)
        customer = session.get(Customer, connection.customer_id)
        c1_syncs = session.execute(select(Sync).where(Sync.connection_id == connection_id)).scalars().all()
        # The provider's allowance is spent for an hour, then the user pauses contacts themselves.
        pause_syncs(session, connection, customer, c1_syncs, "HubSpot's rate limit is spent", until=window_opens)
    assert synced.post("/syncs/_pause", json=contacts, headers=headers).json()["paused"] is True

    years_later = now + timedelta(days=3650)
    with app.state.session_factory.begin() as session:
        due = {s.object for s in due_syncs(session, years_later, "hubspot").get(connection_id, [])}
    assert due == {"companies", "deals"}  # the spent window ended; the user's pause did not
    paused = {s["object"]: s["paused"] for s in synced.get("/syncs", params={"customer_id": "c1"}).json()["results"]}
    assert paused == {"contacts": True, "companies": False, "deals": False}
    with app.state.session_factory() as session:
        contacts_sync = session.execute(
            select(Sync).where(Sync.connection_id == connection_id, Sync.object == "contacts")).scalar_one()
        assert contacts_sync.paused_reason == "paused through the API" and contacts_sync.paused_until is None

    # Resuming through the API clears a timed pause as well.
    with app.state.session_factory.begin() as session:
        deals_sync = session.execute(
            select(Sync).where(Sync.connection_id == connection_id, Sync.object == "deals")).scalar_one()
        deals_sync.paused, deals_sync.paused_until = True, window_opens
    assert synced.post("/syncs/_resume", json=deals, headers=headers).json()["paused"] is False
    with app.state.session_factory() as session:
        deals_sync = session.get(Sync, deals_sync.id)
        assert deals_sync.paused_until is None and deals_sync.paused_reason is None


def test_another_application_sees_no_syncs(synced, other_mgmt):
    assert other_mgmt.get("/syncs").json()["total_count"] == 0
    headers = {"x-customer-id": "c1", "x-provider-name": "hubspot"}
    body = {"object_type": "standard", "object": "contacts"}
    assert other_mgmt.post("/syncs/_pause", json=body, headers=headers).status_code == 404
    assert other_mgmt.get("/sync-runs").json()["results"] == []


def test_sync_runs_filters(app, synced):
    now = datetime.now(timezone.utc)
    with app.state.session_factory.begin() as session:
        syncs = session.execute(select(Sync).join(Connection).order_by(Sync.object)).scalars().all()
        for n, sync in enumerate(syncs):
            session.add(SyncRun(sync_id=sync.id, status="SUCCESS" if n % 2 else "FAILURE",
                                error_message=None if n % 2 else "boom",
                                start_timestamp=now - timedelta(hours=n), end_timestamp=now - timedelta(hours=n) + timedelta(minutes=5),
                                num_records_synced=n))
    runs = synced.get("/sync-runs").json()
    assert runs["total_count"] == 6
    starts = [r["start_timestamp"] for r in runs["results"]]
    assert starts == sorted(starts, reverse=True)  # newest first
    assert {r["status"] for r in synced.get("/sync-runs", params={"status": "success"}).json()["results"]} == {"SUCCESS"}
    cutoff = (now - timedelta(hours=2, minutes=30)).isoformat().replace("+00:00", "Z")
    recent = synced.get("/sync-runs", params={"start_timestamp": f">{cutoff}"}).json()["results"]
    assert len(recent) == 3
    old = synced.get("/sync-runs", params={"end_timestamp": f"<{cutoff}"}).json()["results"]
    assert len(old) == 3
    assert synced.get("/sync-runs", params={"start_timestamp": "2024-01-01"}).status_code == 400
    page = synced.get("/sync-runs", params={"page_size": "5"}).json()
    rest = synced.get("/sync-runs", params={"page_size": "5", "cursor": page["next"]}).json()
    assert len(page["results"]) == 5 and len(rest["results"]) == 1
