"""Account Engagement's daily allowance through the real engine: once spent, the API answers 429 with code
122 and names no time, so Glue ends the run at once and pauses the connection's syncs until the next UTC
midnight; when that comes the syncs are due again and the next run lands everything."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Sync
from glue_api.syncs.service import due_syncs
from glue_pipelines.sync.runner import sync_connection
from glue_providers import registry
from tests.providers.contract import RECORDS, connect_contract
from tests.support.warehouse import create_warehouse_database, drop_warehouse_database

PROVIDER = "salesforce_marketing_cloud_account_engagement"


@pytest.fixture
def warehouse_url():
    url = create_warehouse_database()
    yield url
    drop_warehouse_database(url)


def next_midnight(at: datetime) -> datetime:
    return (at + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def test_a_spent_day_pauses_the_syncs_until_the_next_utc_midnight_then_they_run(glue, warehouse_url):
    spec = registry.get(PROVIDER)
    contract = connect_contract(spec, glue, warehouse_url)
    try:
        used = sum(contract.control("GET", "/limits")["used"].values())
        contract.control("POST", "/limits", json={"daily_limit": used + 3})  # the day is nearly spent
        before = datetime.now(timezone.utc)
        with pytest.raises(Exception, match="rate limit spent"):
            contract.sync()
        after = datetime.now(timezone.utc)
        assert contract.control("GET", "/limits")["refused"]["daily"] >= 1

        with glue.store.session_factory() as session:
            paused = session.execute(select(Sync)).scalars().all()
        assert len(paused) == len(spec.objects) and all(s.paused_until for s in paused)
        (opens,) = {sync.paused_until for sync in paused}
        assert next_midnight(before) - timedelta(seconds=1) <= opens <= next_midnight(after) + timedelta(seconds=1)
        assert all(f"{spec.title}'s rate limit is spent" in sync.paused_reason for sync in paused)

        with transaction(glue.store.session_factory) as session:
            assert due_syncs(session, opens - timedelta(minutes=1), PROVIDER) == {}
        contract.control("POST", "/limits", json={"daily_limit": 100_000})  # a new day at Account Engagement
        with transaction(glue.store.session_factory) as session:
            due = due_syncs(session, opens, PROVIDER)
        assert sorted(s.object for s in due[contract.scenario.connection_id]) == sorted(spec.objects)
        outcomes = contract.sync()
        assert set(outcomes) == set(spec.objects)
        assert all(len(contract.rows(name)) == RECORDS for name in spec.objects)
    finally:
        contract.emulated.server.stop()
