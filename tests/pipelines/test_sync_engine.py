"""The sync engine against emulated providers and a real PostgreSQL warehouse."""

import pytest
from sqlalchemy import select

from glue_api.models import Event, RequestLog, Sync
from glue_pipelines.sync.runner import sync_connection
from tests.pipelines.scenario import OBJECTS, connect
from tests.support.spec import validate_webhook_payload

PROVIDERS = ["pipedrive", "hubspot", "salesforce"]
COUNTS = {
    "hubspot": {"contacts": 240, "companies": 60},
    "salesforce": {"Contact": 240, "Account": 60},
    "pipedrive": {"persons": 240, "organizations": 60},
}


def live_ids(emulated, object_name):
    return set(emulated.live_records(object_name))


@pytest.mark.parametrize("provider", PROVIDERS)
def test_full_then_incremental_then_deletions(glue, emulators, warehouse_url, provider):
    emulated = emulators(provider, COUNTS[provider])
    scenario = connect(glue, emulated, warehouse_url)
    changed_object, other_object = OBJECTS[provider]

    first = {o.object: o for o in sync_connection(glue.store, scenario.connection_id)}
    assert all(o.full for o in first.values())
    for object_name in OBJECTS[provider]:
        rows = scenario.rows(object_name)
        assert set(rows) == live_ids(emulated, object_name)
        assert not any(deleted for _, deleted, _ in rows.values())
    before = scenario.rows(changed_object)

    changed = set(emulated.control("POST", "/changes/update", json={"object": changed_object, "fraction": 0.01})["ids"])
    assert len(changed) == 2
    second = {o.object: o for o in sync_connection(glue.store, scenario.connection_id)}
    assert not second[changed_object].full
    after = scenario.rows(changed_object)
    assert set(after) == set(before)
    moved = {rid for rid in after if after[rid][0] != before[rid][0]}
    assert moved == changed
    # The changes and what a one-minute lookback catches (the emulator spaces records a second apart), not the table.
    assert second[changed_object].records <= len(changed) + 61 < len(before)

    deleted = set(emulated.control("POST", "/changes/delete", json={"object": changed_object, "fraction": 0.02})["ids"])
    headers = {"x-customer-id": "c1", "x-provider-name": provider}
    trigger = {"object_type": "standard", "object": changed_object, "perform_full_refresh": True}
    assert glue.mgmt.post("/syncs/_trigger", json=trigger, headers=headers).status_code == 200
    third = {o.object: o for o in sync_connection(glue.store, scenario.connection_id)}
    assert third[changed_object].full and not third[other_object].full
    final = scenario.rows(changed_object)
    assert {rid for rid, (_, is_deleted, _) in final.items() if is_deleted} == deleted
    assert set(final) - deleted == live_ids(emulated, changed_object)

    runs = glue.mgmt.get("/sync-runs", params={"object": changed_object}).json()["results"]
    assert [r["status"] for r in runs] == ["SUCCESS"] * 3
    assert runs[-1]["num_records_synced"] == len(before)
    with glue.store.session_factory() as session:
        completions = session.execute(select(Event.payload).where(Event.type == "sync.complete")).scalars().all()
    assert len(completions) == 3 * len(OBJECTS[provider])
    for payload in completions:
        validate_webhook_payload("sync.complete", payload)
    assert {p["result"] for p in completions} == {"SUCCESS"}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_rate_limits_and_server_errors_slow_but_do_not_fail(glue, emulators, warehouse_url, provider):
    emulated = emulators(provider, COUNTS[provider])
    scenario = connect(glue, emulated, warehouse_url)
    emulated.control("POST", "/faults", json={"rate_limit_every": 3, "rate_limit_burst": 2,
                                              "retry_after_seconds": 0, "server_error_every": 5})
    sync_connection(glue.store, scenario.connection_id)
    for object_name in OBJECTS[provider]:
        assert set(scenario.rows(object_name)) == live_ids(emulated, object_name)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_session_ended_early_is_refreshed_once_and_the_sync_goes_on(glue, emulators, warehouse_url, provider):
    emulated = emulators(provider, COUNTS[provider])
    scenario = connect(glue, emulated, warehouse_url)
    sync_connection(glue.store, scenario.connection_id)
    emulated.emulator.oauth.expire_access_tokens()  # the provider ends the session; Glue's expiry says it is valid

    outcomes = sync_connection(glue.store, scenario.connection_id)
    assert {o.object for o in outcomes} == set(OBJECTS[provider])
    syncs = glue.mgmt.get("/syncs").json()["results"]
    assert not any(s["paused"] for s in syncs)
    runs = glue.mgmt.get("/sync-runs").json()["results"]
    assert {r["status"] for r in runs} == {"SUCCESS"} and len(runs) == 2 * len(OBJECTS[provider])
    with glue.store.session_factory() as session:
        refreshes = session.execute(
            select(RequestLog).where(RequestLog.operation_id == "tokenRefresh")).scalars().all()
    assert len(refreshes) == 2  # the first sync's token, then the one after the session ended


@pytest.mark.parametrize("provider", PROVIDERS)
def test_revoked_access_pauses_the_sync_with_a_reason(glue, emulators, warehouse_url, provider):
    emulated = emulators(provider, COUNTS[provider])
    scenario = connect(glue, emulated, warehouse_url)
    emulated.control("POST", "/faults", json={"unauthorized": True})
    with pytest.raises(Exception):
        sync_connection(glue.store, scenario.connection_id)
    syncs = glue.mgmt.get("/syncs").json()["results"]
    assert syncs and all(s["paused"] for s in syncs)
    runs = glue.mgmt.get("/sync-runs").json()["results"]
    assert {r["status"] for r in runs} == {"FAILURE"}
    assert all("401" in r["error_message"] for r in runs)
    with glue.store.session_factory() as session:
        reasons = {s.paused_reason for s in session.execute(select(Sync)).scalars()}
        events = session.execute(select(Event.type, Event.payload)).all()
    assert all(reason and "401" in reason for reason in reasons)
    assert sorted(t for t, _ in events if t == "sync.paused") == ["sync.paused"] * len(OBJECTS[provider])
    for event_type, payload in events:
        if event_type.startswith("sync."):
            validate_webhook_payload(event_type, payload)
    assert {p["result"] for t, p in events if t == "sync.complete"} == {"ERROR"}
    refresh_token = emulated.refresh_token()
    assert all(refresh_token not in str(p) for _, p in events)


def test_every_provider_call_of_a_sync_is_in_the_request_log(glue, emulators, warehouse_url):
    emulated = emulators("pipedrive", {"persons": 1200, "organizations": 10})
    scenario = connect(glue, emulated, warehouse_url)
    emulated.control("POST", "/faults", json={"server_error_every": 4})
    before = emulated.emulator.faults.requests
    sync_connection(glue.store, scenario.connection_id)
    answered = emulated.emulator.faults.requests - before
    with glue.store.session_factory() as session:
        calls = session.execute(
            select(RequestLog).where(RequestLog.api == "provider", RequestLog.operation_id == "syncFetchRecords")
        ).scalars().all()
    assert len(calls) == answered  # retried requests included
    assert {c.status_code for c in calls} == {200, 500}
    assert all(c.consumer_id == "c1" and c.service_id == "pipedrive" and "token" not in c.path for c in calls)
