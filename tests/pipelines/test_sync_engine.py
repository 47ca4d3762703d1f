"""The sync engine against emulated providers and a real PostgreSQL warehouse, beyond the contract every
provider keeps (full, incremental, deletions, 429/5xx, 401: tests/providers/test_contract.py).

Each test runs on both stores Glue supports (the embedded SQLite file and PostgreSQL): the engine's
bookkeeping (sync state, runs, pauses, request logs) is written through the store."""

import json
import threading

import pytest
from sqlalchemy import select

from glue_api.models import Event, RequestLog, Sync, SyncRun
from glue_emulators import hubspot
from glue_emulators.server import EmulatorServer
from glue_pipelines.sync.job import NothingToSync
from glue_pipelines.sync.runner import sync_connection
from tests.pipelines.conftest import Emulated
from tests.pipelines.scenario import connect

HEADERS = {"x-customer-id": "c1", "x-provider-name": "hubspot"}


@pytest.fixture
def glue(glue_on_each_store):
    return glue_on_each_store


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
    assert emulated.emulator.faults.served["server_error"] > 0  # the faults were really served
    assert len(calls) == answered  # retried requests included
    assert {c.status_code for c in calls} == {200, 500}
    assert all(c.consumer_id == "c1" and c.service_id == "pipedrive" and "token" not in c.path for c in calls)


def sync_state(glue, object_name: str) -> dict:
    with glue.store.session_factory() as session:
        return session.execute(select(Sync.state).where(Sync.object == object_name)).scalar_one()


def test_every_nth_run_after_incrementals_is_a_full_read_that_marks_upstream_deletions(glue, emulators, warehouse_url):
    # Salesloft lists no deleted people: only a full read can find them gone (HubSpot would report them).
    emulated = emulators("salesloft", {"people": 40, "accounts": 5})
    scenario = connect(glue, emulated, warehouse_url, objects=["people", "accounts"], full_sync_every_n_incrementals=2)

    def run() -> dict:
        return {o.object: o for o in sync_connection(glue.store, scenario.connection_id)}

    assert run()["people"].full  # no cursor yet
    gone = emulated.control("POST", "/changes/delete", json={"object": "people", "indices": [1, 7, 30]})["ids"]

    kinds = []
    for _ in range(3):
        outcome = run()["people"]
        kinds.append((outcome.full, outcome.marked_deleted, sync_state(glue, "people")["incrementals_since_full"]))
        if len(kinds) < 3:
            # An incremental read cannot see a deletion: nothing is marked yet.
            rows = scenario.rows("people")
            assert not any(rows[remote_id][1] for remote_id in gone)
    # Two incrementals, then the full read the setting asks for, which marks the three deletions.
    assert kinds == [(False, 0, 1), (False, 0, 2), (True, 3, 0)]
    rows = scenario.rows("people")
    assert {remote_id for remote_id, (_, deleted, _) in rows.items() if deleted} == set(gone)
    assert set(rows) - set(gone) == set(emulated.live_records("people"))
    assert not run()["people"].full  # and the count starts again


def test_without_the_setting_runs_stay_incremental(glue, emulators, warehouse_url):
    emulated = emulators("hubspot", {"contacts": 10, "companies": 3})
    scenario = connect(glue, emulated, warehouse_url)
    fulls = [{o.object: o.full for o in sync_connection(glue.store, scenario.connection_id)}["contacts"]
             for _ in range(4)]
    assert fulls == [True, False, False, False]


class Forbidding:
    """HubSpot's emulator behind a switch: while on, every CRM call answers HubSpot's 403 for a missing scope
    (https://developers.hubspot.com/docs/api/error-handling), and each one served is counted."""

    BODY = {
        "status": "error", "category": "MISSING_SCOPES", "correlationId": "5a1b9c2e-0000-4000-8000-000000000403",
        "message": "This app hasn't been granted all required scopes to make this call.",
        "errors": [{"message": "One or more of the following scopes are required.",
                    "context": {"requiredGranularScopes": ["crm.objects.contacts.read"]}}],
    }

    def __init__(self, app):
        self.app = app
        self.on = False
        self.served = 0
        self._lock = threading.Lock()

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and self.on and scope["path"].startswith("/crm/"):
            with self._lock:
                self.served += 1
            body = json.dumps(self.BODY).encode()
            await send({"type": "http.response.start", "status": 403,
                        "headers": [(b"content-type", b"application/json;charset=utf-8")]})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


def test_a_403_pauses_every_sync_of_the_connection_until_resumed(glue, warehouse_url):
    emulator = hubspot.create_emulator({"contacts": 12, "companies": 4})
    forbidding = Forbidding(emulator.app)
    server = EmulatorServer(forbidding).start()
    try:
        emulated = Emulated("hubspot", server, emulator)
        scenario = connect(glue, emulated, warehouse_url)
        sync_connection(glue.store, scenario.connection_id)
        forbidding.on = True
        with pytest.raises(Exception) as failed_run:
            sync_connection(glue.store, scenario.connection_id)
        assert not isinstance(failed_run.value, NothingToSync)
        assert forbidding.served >= 1  # the 403 was really served
        served_while_forbidden = forbidding.served

        syncs = glue.mgmt.get("/syncs", headers=HEADERS).json()["results"]
        assert {s["object"] for s in syncs} == {"contacts", "companies"}
        assert all(s["paused"] for s in syncs)
        with glue.store.session_factory() as session:
            paused = session.execute(select(Sync)).scalars().all()
            reasons = {s.paused_reason for s in paused}
            assert all(s.paused_until is None for s in paused)  # only a resume lifts it, not the clock
            failed = session.execute(select(SyncRun).where(SyncRun.status == "FAILURE")).scalars().all()
            events = session.execute(select(Event.type).where(Event.type == "sync.paused")).scalars().all()
        [reason] = reasons
        assert "403" in reason and "granted all required scopes" in reason
        assert len(failed) == 2 and all("403" in run.error_message for run in failed)
        assert len(events) == 2

        # Paused syncs are not run: nothing more reaches the provider until a resume.
        with pytest.raises(NothingToSync):
            sync_connection(glue.store, scenario.connection_id)
        assert forbidding.served == served_while_forbidden

        forbidding.on = False
        for object_name in ("contacts", "companies"):
            resumed = glue.mgmt.post("/syncs/_resume", json={"object_type": "standard", "object": object_name},
                                     headers=HEADERS)
            assert resumed.status_code == 200, resumed.text
        outcomes = {o.object: o for o in sync_connection(glue.store, scenario.connection_id)}
        assert set(outcomes) == {"contacts", "companies"}
        assert set(scenario.rows("contacts")) == set(emulated.live_records("contacts"))
    finally:
        server.stop()
