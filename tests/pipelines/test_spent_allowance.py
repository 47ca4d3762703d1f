"""Apollo's daily allowance through the real engine: spent, it pauses the connection's syncs with a
reason and ``sync.paused`` (no run waiting for the next day); when the day turns, the due-syncs logic
resumes them and the next run lands everything."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Event, Sync
from glue_api.syncs.service import due_syncs
from glue_emulators import apollo
from glue_emulators.server import EmulatorServer
from glue_pipelines.sync.runner import sync_connection
from glue_providers import registry
from tests.pipelines.conftest import Emulated
from tests.providers.contract import connect_with_key
from tests.support.warehouse import create_warehouse_database, drop_warehouse_database

COUNTS = {"contacts": 40, "accounts": 30, "emailer_campaigns": 3, "users": 2, "email_accounts": 2}
PER_DAY = 20


@pytest.fixture
def warehouse_url():
    url = create_warehouse_database()
    yield url
    drop_warehouse_database(url)


def test_a_spent_day_pauses_the_connection_until_the_next_day_then_it_syncs(glue, warehouse_url):
    now = [1000.0]  # seconds into Apollo's day (the emulator's clock); Glue's own clock is real
    emulator = apollo.create_emulator(COUNTS, per_day=PER_DAY, clock=lambda: now[0])
    emulated = Emulated("apollo", EmulatorServer(emulator.app).start(), emulator)
    try:
        scenario = connect_with_key(registry.get("apollo"), glue, emulated, warehouse_url)
        # The customer's other tools spend most of the day's allowance: two requests are left.
        with httpx.Client(base_url=emulated.url, headers={"x-api-key": "contract-api-key"}) as client:
            while int(client.get("/v1/auth/health").headers["x-daily-requests-left"]) > 2:
                pass

        with pytest.raises(Exception, match="rate limit spent"):
            sync_connection(glue.store, scenario.connection_id)
        syncs = glue.mgmt.get("/syncs").json()["results"]
        assert len(syncs) == len(COUNTS) and all(s["paused"] for s in syncs)
        with glue.store.session_factory() as session:
            paused = session.execute(select(Sync)).scalars().all()
            notices = [e.payload for e in session.execute(select(Event)).scalars() if e.type == "sync.paused"]
        (opens,) = {sync.paused_until for sync in paused}
        assert all("Apollo's rate limit is spent" in sync.paused_reason for sync in paused)
        assert sorted(n["object"] for n in notices) == sorted(COUNTS)
        failed = {run["status"] for run in glue.mgmt.get("/sync-runs").json()["results"]}
        assert failed == {"FAILURE"}

        with transaction(glue.store.session_factory) as session:
            assert due_syncs(session, opens - timedelta(minutes=1), "apollo") == {}  # the day is still spent
        now[0] = apollo.DAY + 1000.0  # Apollo's next day
        with transaction(glue.store.session_factory) as session:
            due = due_syncs(session, opens, "apollo")
            assert sorted(s.object for s in due[scenario.connection_id]) == sorted(COUNTS)
        outcomes = {o.object: o.records for o in sync_connection(glue.store, scenario.connection_id)}
        assert outcomes == COUNTS
        assert not any(s["paused"] for s in glue.mgmt.get("/syncs").json()["results"])
    finally:
        emulated.server.stop()
