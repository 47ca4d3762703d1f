"""The contract every syncable provider keeps with Glue, run against its emulator through the real
engine (store, planning, the provider's source, dlt, a PostgreSQL warehouse).

A provider gets these tests by being registered (objects, source and emulator in its folder); what
its API does differently is in tests/providers/contract.py (QUIRKS). Run one provider's contract:
``scripts/test tests/providers/test_contract.py -k hubspot``. The tests walk one connection's
life in order: the first full sync is in the fixture, the revoked access that pauses it comes last.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Event, Sync
from glue_api.syncs.service import due_syncs
from tests.providers.contract import (
    PAGE_SIZE, RECORDS, Contract, contract_providers, oauth_contract_providers, raw, shared_values,
)
from tests.support.spec import validate_webhook_payload

# Each test names the providers it holds (the module's one connection per provider is shared):
# every syncable provider, or those connected by OAuth for the token refresh tests.
every_provider = pytest.mark.parametrize("contract", contract_providers(), indirect=True)
oauth_providers = pytest.mark.parametrize("contract", oauth_contract_providers(), indirect=True)


def assert_lands_upstream(contract: Contract, object_name: str, stale: set[str] = frozenset()) -> dict[str, tuple]:
    """The warehouse holds exactly the provider's live records of the object, with their values
    (but for ``stale`` ones, changed upstream where the last sync could not see it)."""
    upstream = contract.upstream(object_name)
    rows = contract.rows(object_name)
    live = {rid: row for rid, row in rows.items() if not row[1]}
    assert set(live) == set(upstream), object_name
    for remote_id, record in upstream.items():
        if remote_id in stale:
            continue
        values = shared_values(raw(live[remote_id]), record)
        assert len(values) >= 3, (object_name, remote_id, values)  # ids, names, times: the record, not a stub
        assert {k: landed for k, (landed, _) in values.items()} == {k: up for k, (_, up) in values.items()}
    return rows


@every_provider
def test_a_full_sync_lands_exactly_the_providers_records(contract: Contract):
    assert set(contract.first_sync) == set(contract.objects)
    for object_name, outcome in contract.first_sync.items():
        assert outcome.full and outcome.marked_deleted == 0
        rows = assert_lands_upstream(contract, object_name)
        assert len(rows) == RECORDS and not any(deleted for _, deleted, _ in rows.values())
        assert outcome.records == RECORDS
    runs = contract.glue.mgmt.get("/sync-runs").json()["results"]
    assert len(runs) == len(contract.objects)
    assert {(r["status"], r["num_records_synced"]) for r in runs} == {("SUCCESS", RECORDS)}
    with contract.glue.store.session_factory() as session:
        completions = session.execute(select(Event.payload).where(Event.type == "sync.complete")).scalars().all()
    assert len(completions) == len(contract.objects)
    for payload in completions:
        validate_webhook_payload("sync.complete", payload)
    assert {p["result"] for p in completions} == {"SUCCESS"}


@every_provider
def test_lists_are_paged_to_the_end(contract: Contract):
    cut = contract.control("GET", "/dataset")["pages_cut"]
    paged = [name for name in contract.objects if name not in contract.quirks.unpaged]
    assert RECORDS > PAGE_SIZE
    for object_name in paged:
        assert cut.get(object_name, 0) >= 1, f"{object_name} was read without shortened pages"
        assert len(contract.rows(object_name)) == RECORDS


@every_provider
def test_an_incremental_sync_moves_exactly_the_changed_records(contract: Contract):
    changed_object = contract.changed_object
    before = contract.rows(changed_object)
    # The newest record is among the changed ones: it is where the last sync's cursor stands.
    changed_ids = contract.control("POST", "/changes/update",
                                   json={"object": changed_object, "indices": [3, 11, RECORDS - 1]})["ids"]
    changed = set(changed_ids)
    added = set(contract.control("POST", "/changes/create", json={"object": changed_object, "count": 2})["ids"])
    assert len(changed) == 3 and len(added) == 2
    full_only = changed_object in contract.spec.full_only_objects
    if changed_object in contract.quirks.incremental_on_creation:
        # Filtered by creation time: of the changed records only the newest, inside the lookback, is read again.
        expected_moved = {changed_ids[-1]}
    else:
        expected_moved = changed
    # An object the provider cannot filter by time is read again in full.
    expected_read = len(before) + len(added) if full_only else len(expected_moved) + len(added)

    second = contract.sync()
    assert second[changed_object].full == full_only
    assert second[changed_object].records == expected_read
    runs = contract.glue.mgmt.get("/sync-runs", params={"object": changed_object}).json()["results"]
    latest = max(runs, key=lambda run: run["start_timestamp"])
    assert (latest["status"], latest["num_records_synced"]) == ("SUCCESS", expected_read)
    after = assert_lands_upstream(contract, changed_object, stale=changed - expected_moved)
    assert set(after) == set(before) | added
    moved = {rid for rid in before if after[rid][0] != before[rid][0]}
    assert moved == expected_moved
    for name in contract.spec.full_only_objects:
        assert second[name].full  # the provider cannot filter them by time


@every_provider
def test_deletions_are_flagged_after_a_complete_full_sync(contract: Contract):
    object_name = contract.changed_object
    deleted = set(contract.control("POST", "/changes/delete", json={"object": object_name, "indices": [5, 6]})["ids"])
    assert len(deleted) == 2
    contract.full_refresh(object_name)
    outcomes = contract.sync()
    assert outcomes[object_name].full  # deleted records are read as such, or found missing and marked
    rows = assert_lands_upstream(contract, object_name)
    assert {rid for rid, (_, is_deleted, _) in rows.items() if is_deleted} == deleted


@every_provider
def test_429_answers_are_waited_out_as_retry_after_says_and_5xx_retried(contract: Contract):
    object_name = contract.changed_object
    contract.control("POST", "/faults", json={"rate_limit_every": 4, "rate_limit_burst": 1,
                                              "retry_after_seconds": 1, "server_error_every": 7})
    try:
        contract.full_refresh(object_name)
        outcomes = contract.sync()
    finally:
        report = contract.control("POST", "/faults", json={"rate_limit_every": 0, "server_error_every": 0})
    assert report["served"].get("rate_limit", 0) >= 2 and report["served"].get("server_error", 0) >= 1
    assert report["early_retries"] == 0  # no request came back before Retry-After had passed
    assert outcomes[object_name].full
    for name in contract.objects:
        assert_lands_upstream(contract, name)


@every_provider
def test_a_spent_hourly_or_daily_window_pauses_the_sync_until_it_opens_then_it_is_due_again(contract: Contract):
    with contract.glue.store.session_factory() as session:
        earlier = set(session.execute(select(Event.id)).scalars())
    before = contract.control("GET", "/faults")["requests"]
    contract.control("POST", "/faults", json={"rate_limit_every": 1, "retry_after_seconds": 3600})
    try:
        refused_at = datetime.now(timezone.utc)
        with pytest.raises(Exception, match="rate limit spent"):  # the run ends at once, it does not wait
            contract.sync()
    finally:
        report = contract.control("POST", "/faults", json={"rate_limit_every": 0, "retry_after_seconds": 1})
    assert report["requests"] - before <= len(contract.objects)  # no retries: at most one refusal per object
    runs = contract.glue.mgmt.get("/sync-runs").json()["results"]
    latest = {}
    for run in sorted(runs, key=lambda run: run["start_timestamp"]):
        latest[run["object"]] = run
    assert {run["status"] for run in latest.values()} == {"FAILURE"}
    # An hour, as the provider said it: within a second, for providers that name the reset as a whole epoch
    # second (Intercom's X-RateLimit-Reset) rather than as seconds to wait.
    waits = [re.search(r"in (\d+) s\)", run["error_message"]) for run in latest.values()]
    assert all(wait and 3599 <= int(wait.group(1)) <= 3601 for wait in waits), [r["error_message"] for r in runs]

    # The allowance is the account's: every sync of the connection is paused, saying by whom and until when.
    syncs = contract.glue.mgmt.get("/syncs").json()["results"]
    assert len(syncs) == len(contract.objects) and all(s["paused"] for s in syncs)
    with contract.glue.store.session_factory() as session:
        paused = session.execute(select(Sync)).scalars().all()
        events = [(e.type, e.payload) for e in session.execute(select(Event)).scalars() if e.id not in earlier]
    until = {sync.paused_until for sync in paused}
    assert len(until) == 1
    (opens,) = until
    assert refused_at + timedelta(seconds=3599) <= opens <= datetime.now(timezone.utc) + timedelta(seconds=3601)
    stamp = opens.isoformat().replace("+00:00", "Z")
    assert all(contract.spec.title in sync.paused_reason and stamp in sync.paused_reason for sync in paused)
    notices = [payload for event_type, payload in events if event_type == "sync.paused"]
    assert sorted(n["object"] for n in notices) == sorted(contract.objects)
    assert all(n["reason"] == paused[0].paused_reason for n in notices)
    for event_type, payload in events:
        if event_type.startswith("sync."):
            validate_webhook_payload(event_type, payload)

    # Nothing is due while the window is shut; once it opens, every sync resumes and is due at once.
    connection_id = contract.scenario.connection_id
    with transaction(contract.glue.store.session_factory) as session:
        assert connection_id not in due_syncs(session, opens - timedelta(seconds=1), contract.spec.name)
    with transaction(contract.glue.store.session_factory) as session:
        due = due_syncs(session, opens, contract.spec.name)
        assert sorted(s.object for s in due[connection_id]) == sorted(contract.objects)
    syncs = contract.glue.mgmt.get("/syncs").json()["results"]
    assert not any(s["paused"] for s in syncs)
    assert set(contract.sync()) == set(contract.objects)  # and the next run goes through


@oauth_providers
def test_a_session_ended_early_is_refreshed_once_and_the_sync_goes_on(contract: Contract):
    refreshes = contract.token_refreshes()
    contract.control("POST", "/tokens/expire")  # the provider ends the session before the token's expiry
    outcomes = contract.sync()
    assert set(outcomes) == set(contract.objects)
    assert contract.token_refreshes() == refreshes + 1
    assert not any(s["paused"] for s in contract.glue.mgmt.get("/syncs").json()["results"])


@every_provider
def test_access_still_refused_after_one_refresh_pauses_the_sync_with_a_reason(contract: Contract):
    refreshes = contract.token_refreshes()
    with contract.glue.store.session_factory() as session:
        earlier = set(session.execute(select(Event.id)).scalars())
    contract.control("POST", "/faults", json={"unauthorized": True})
    with pytest.raises(Exception, match="401"):  # the engine raises what the provider answered
        contract.sync()
    # OAuth: one refresh, then it counts as refused; a key, or a token that never expires, has nothing to refresh.
    assert contract.token_refreshes() == refreshes + (1 if contract.refreshable else 0)

    syncs = contract.glue.mgmt.get("/syncs").json()["results"]
    assert len(syncs) == len(contract.objects) and all(s["paused"] for s in syncs)
    with contract.glue.store.session_factory() as session:
        reasons = {s.paused_reason for s in session.execute(select(Sync)).scalars()}
        events = [(e.type, e.payload) for e in session.execute(select(Event)).scalars() if e.id not in earlier]
    assert all(reason and "401" in reason for reason in reasons)
    paused = [payload for event_type, payload in events if event_type == "sync.paused"]
    assert len(paused) == len(contract.objects)
    for event_type, payload in events:
        if event_type.startswith("sync."):
            validate_webhook_payload(event_type, payload)
