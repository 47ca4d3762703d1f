"""The sync engine against emulated providers and a real PostgreSQL warehouse, beyond the contract every
provider keeps (full, incremental, deletions, 429/5xx, 401: tests/providers/test_contract.py)."""

from sqlalchemy import select

from glue_api.models import RequestLog
from glue_pipelines.sync.runner import sync_connection
from tests.pipelines.scenario import connect


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
