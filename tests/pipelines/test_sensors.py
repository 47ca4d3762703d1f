"""Sensors turn the store into partitions and runs."""

from datetime import datetime, timedelta, timezone

import dagster as dg
import pytest
from sqlalchemy import select

from glue_api.models import Connection, Sync, SyncRun
from glue_pipelines.resources import GlueStoreResource
from glue_pipelines.assets import CONNECTION_TAG, PROVIDER_TAG
from glue_pipelines.sensors import build_due_syncs_sensor, connections_sensor, failed_runs_sensor
from tests.pipelines.conftest import oauth_provider_body, sync_config_body


@pytest.fixture
def glue(glue_on_each_store):
    """The sensors read and write the store: both stores Glue supports."""
    return glue_on_each_store


def seed(glue, customers=("c1", "c2"), **strategy):
    mgmt = glue.mgmt
    assert mgmt.post("/providers", json=oauth_provider_body("hubspot")).status_code == 201
    assert mgmt.post("/destinations", json={"type": "supaglue"}).status_code == 201
    body = sync_config_body("hubspot", ["contacts", "companies"], destination="supaglue", **strategy)
    assert mgmt.post("/sync_configs", json=body).status_code == 201
    ids = []
    for customer in customers:
        mgmt.put("/customers", json={"customer_id": customer, "name": customer, "email": f"{customer}@x.test"})
        made = mgmt.post(f"/customers/{customer}/connections",
                         json={"provider_name": "hubspot", "type": "oauth2", "refresh_token": "rt"})
        ids.append(made.json()["id"])
    return ids


def resource(glue) -> GlueStoreResource:
    return GlueStoreResource(database_url=glue.settings.resolved_database_url, home=str(glue.settings.home),
                             secret_key=glue.store.keyring.serialize())


def test_connections_become_partitions_and_leave_with_them(glue):
    ids = seed(glue)
    with dg.instance_for_test() as instance:
        result = connections_sensor(dg.build_sensor_context(instance=instance, resources={"glue": resource(glue)}))
        for request in result.dynamic_partitions_requests:
            instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
        assert set(instance.get_dynamic_partitions("hubspot_connections")) == set(ids)
        unchanged = connections_sensor(dg.build_sensor_context(
            instance=instance, resources={"glue": resource(glue)}, cursor=result.cursor))
        assert isinstance(unchanged, dg.SkipReason)

        assert glue.mgmt.delete("/customers/c2/connections/hubspot").status_code == 204
        result = connections_sensor(dg.build_sensor_context(
            instance=instance, resources={"glue": resource(glue)}, cursor=result.cursor))
        deletions = [r for r in result.dynamic_partitions_requests if isinstance(r, dg.DeleteDynamicPartitionsRequest)]
        assert [list(r.partition_keys) for r in deletions] == [[ids[1]]]


def test_due_syncs_become_one_run_per_connection(glue, monkeypatch):
    monkeypatch.setenv("GLUE_SYNC_BATCH_SIZE", "1")  # connections due together otherwise share batch runs
    ids = seed(glue)
    sensor = build_due_syncs_sensor("hubspot")
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("hubspot_connections", ids)
        context = dg.build_sensor_context(instance=instance, resources={"glue": resource(glue)})
        requests = sensor(context)
        assert sorted(r.partition_key for r in requests) == sorted(ids)
        for request in requests:
            assert {k.to_user_string() for k in request.asset_selection} == {"hubspot/contacts", "hubspot/companies"}
            assert request.tags["glue/connection"] == request.partition_key
            assert len(request.tags["glue/sync_ids"].split(",")) == 2
        # Whose each run is, to find "Acme's HubSpot sync" among the runs in the UI.
        with glue.store.session_factory() as session:
            applications = {c.id: c.application_id for c in session.execute(select(Connection)).scalars()}
        assert {r.partition_key: (r.tags["glue/customer"], r.tags["glue/application"]) for r in requests} == {
            ids[0]: ("c1", applications[ids[0]]), ids[1]: ("c2", applications[ids[1]])}


def test_running_recent_or_paused_syncs_are_not_due(glue):
    ids = seed(glue, customers=("c1",))
    sensor = build_due_syncs_sensor("hubspot")
    now = datetime.now(timezone.utc)
    with glue.store.session_factory.begin() as session:
        contacts, companies = sorted(session.execute(select(Sync)).scalars(), key=lambda s: s.object, reverse=True)
        session.add(SyncRun(sync_id=contacts.id, status="IN_PROGRESS", start_timestamp=now))
        session.add(SyncRun(sync_id=companies.id, status="SUCCESS", start_timestamp=now, end_timestamp=now))
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("hubspot_connections", ids)
        context = dg.build_sensor_context(instance=instance, resources={"glue": resource(glue)})
        assert isinstance(sensor(context), dg.SkipReason)

        # Once its period has passed the finished one is due again; pausing it quiets it.
        with glue.store.session_factory.begin() as session:
            run = session.execute(select(SyncRun).where(SyncRun.status == "SUCCESS")).scalar_one()
            run.end_timestamp = now - timedelta(minutes=2)
        requests = sensor(dg.build_sensor_context(instance=instance, resources={"glue": resource(glue)}))
        assert [{k.to_user_string() for k in r.asset_selection} for r in requests] == [{"hubspot/companies"}]

        headers = {"x-customer-id": "c1", "x-provider-name": "hubspot"}
        glue.mgmt.post("/syncs/_pause", json={"object_type": "standard", "object": "companies"}, headers=headers)
        assert isinstance(sensor(dg.build_sensor_context(instance=instance, resources={"glue": resource(glue)})), dg.SkipReason)


def test_connections_not_yet_authorized_are_not_synced(glue):
    ids = seed(glue, customers=("c1", "c2"))
    with glue.store.session_factory.begin() as session:
        session.get(Connection, ids[1]).state = "added"  # e.g. a magic link's customer still at the consent page
    sensor = build_due_syncs_sensor("hubspot")
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("hubspot_connections", ids)
        requests = sensor(dg.build_sensor_context(instance=instance, resources={"glue": resource(glue)}))
        assert [r.partition_key for r in requests] == [ids[0]]


def test_auto_start_off_waits_for_a_trigger(glue):
    ids = seed(glue, customers=("c1",), auto_start_on_connection=False)
    sensor = build_due_syncs_sensor("hubspot")
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("hubspot_connections", ids)
        assert isinstance(sensor(dg.build_sensor_context(instance=instance, resources={"glue": resource(glue)})), dg.SkipReason)
        headers = {"x-customer-id": "c1", "x-provider-name": "hubspot"}
        glue.mgmt.post("/syncs/_trigger", json={"object_type": "standard", "object": "contacts"}, headers=headers)
        requests = sensor(dg.build_sensor_context(instance=instance, resources={"glue": resource(glue)}))
        assert [{k.to_user_string() for k in r.asset_selection} for r in requests] == [{"hubspot/contacts"}]


def test_runs_left_behind_by_a_dead_process_are_failed_and_the_sync_is_due_again(glue):
    ids = seed(glue, customers=("c1",))
    sensor = build_due_syncs_sensor("hubspot")
    now = datetime.now(timezone.utc)
    with glue.store.session_factory.begin() as session:
        for sync in session.execute(select(Sync)).scalars():
            session.add(SyncRun(sync_id=sync.id, status="IN_PROGRESS", start_timestamp=now,
                                orchestrator_run_id="run-that-dagster-never-heard-of"))
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("hubspot_connections", ids)
        # Failed now, so due again one period later, like any failed run.
        assert isinstance(sensor(dg.build_sensor_context(instance=instance, resources={"glue": resource(glue)})),
                          dg.SkipReason)
        runs = glue.mgmt.get("/sync-runs").json()["results"]
        assert {(r["status"], r["error_message"]) for r in runs} == {
            ("FAILURE", "the sync process stopped before finishing")}
        with glue.store.session_factory.begin() as session:
            for run in session.execute(select(SyncRun)).scalars():
                run.end_timestamp = now - timedelta(minutes=2)
        requests = sensor(dg.build_sensor_context(instance=instance, resources={"glue": resource(glue)}))
        assert [r.partition_key for r in requests] == ids


def test_syncs_paused_for_a_spent_allowance_are_run_by_the_sensor_once_the_window_opens(glue):
    ids = seed(glue, customers=("c1",))
    sensor = build_due_syncs_sensor("hubspot")
    now = datetime.now(timezone.utc)
    with glue.store.session_factory.begin() as session:
        for sync in session.execute(select(Sync)).scalars():
            # The run just failed on a spent allowance: its period has not passed, and the window is shut.
            session.add(SyncRun(sync_id=sync.id, status="FAILURE", start_timestamp=now, end_timestamp=now))
            sync.paused, sync.paused_reason = True, "HubSpot's rate limit is spent"
            sync.paused_until = now + timedelta(hours=1)
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("hubspot_connections", ids)
        assert isinstance(sensor(dg.build_sensor_context(instance=instance, resources={"glue": resource(glue)})),
                          dg.SkipReason)
        with glue.store.session_factory.begin() as session:
            for sync in session.execute(select(Sync)).scalars():
                sync.paused_until = now - timedelta(seconds=1)  # the window has opened
        requests = sensor(dg.build_sensor_context(instance=instance, resources={"glue": resource(glue)}))
        assert [r.partition_key for r in requests] == ids
        assert {k.to_user_string() for k in requests[0].asset_selection} == {"hubspot/contacts", "hubspot/companies"}
    assert not any(s["paused"] for s in glue.mgmt.get("/syncs").json()["results"])


@dg.op
def crashing_op():
    raise RuntimeError("worker lost: the extract step's process was killed")


@dg.job
def crashing_job():
    crashing_op()


def failed_run(instance, tags: dict[str, str]) -> tuple[dg.DagsterRun, dg.DagsterEvent]:
    """A real failed Dagster run in ``instance`` and its RUN_FAILURE event."""
    result = crashing_job.execute_in_process(instance=instance, tags=tags, raise_on_error=False)
    assert not result.success
    run = instance.get_run_by_id(result.run_id)
    [record] = instance.get_records_for_run(result.run_id, of_type=dg.DagsterEventType.RUN_FAILURE).records
    return run, record.event_log_entry.dagster_event


def on_failure(glue, instance, run, event) -> None:
    context = dg.build_run_status_sensor_context(
        sensor_name="failed_runs_sensor", dagster_event=event, dagster_instance=instance, dagster_run=run,
        resources={"glue": resource(glue)},
    ).for_run_failure()
    failed_runs_sensor(context)


def runs_by_status(glue) -> list[tuple[str, str | None, str | None, bool]]:
    with glue.store.session_factory() as session:
        return sorted((r.status, r.orchestrator_run_id, r.error_message, r.end_timestamp is not None)
                      for r in session.execute(select(SyncRun)).scalars())


def test_a_failed_run_fails_its_sync_runs_with_dagsters_message(glue):
    ids = seed(glue, customers=("c1",))
    now = datetime.now(timezone.utc)
    with dg.instance_for_test() as instance:
        run, event = failed_run(instance, {CONNECTION_TAG: ids[0], PROVIDER_TAG: "hubspot"})
        with glue.store.session_factory.begin() as session:
            contacts, companies = sorted(session.execute(select(Sync)).scalars(), key=lambda s: s.object)
            session.add(SyncRun(sync_id=contacts.id, status="IN_PROGRESS", start_timestamp=now,
                                orchestrator_run_id=run.run_id))
            session.add(SyncRun(sync_id=companies.id, status="IN_PROGRESS", start_timestamp=now,
                                orchestrator_run_id=run.run_id))
            # Another run's sync run, and one of this run that finished before the crash: both left alone.
            session.add(SyncRun(sync_id=contacts.id, status="IN_PROGRESS", start_timestamp=now,
                                orchestrator_run_id="another-run"))
            session.add(SyncRun(sync_id=companies.id, status="SUCCESS", start_timestamp=now, end_timestamp=now,
                                orchestrator_run_id=run.run_id))
        on_failure(glue, instance, run, event)

    message = event.message
    assert message and len(message) <= 1000  # Dagster's own account of the failure
    assert runs_by_status(glue) == sorted([
        ("FAILURE", run.run_id, message, True), ("FAILURE", run.run_id, message, True),
        ("IN_PROGRESS", "another-run", None, False), ("SUCCESS", run.run_id, None, True),
    ])
    listed = glue.mgmt.get("/sync-runs").json()["results"]
    assert sorted(r["status"] for r in listed) == ["FAILURE", "FAILURE", "IN_PROGRESS", "SUCCESS"]


def test_a_failed_run_that_is_not_a_sync_changes_nothing(glue):
    seed(glue, customers=("c1",))
    now = datetime.now(timezone.utc)
    with dg.instance_for_test() as instance:
        run, event = failed_run(instance, {"team": "analytics"})
        with glue.store.session_factory.begin() as session:
            sync = session.execute(select(Sync)).scalars().first()
            # Even a sync run that names this orchestrator run: without the connection tag it is not Glue's run.
            session.add(SyncRun(sync_id=sync.id, status="IN_PROGRESS", start_timestamp=now,
                                orchestrator_run_id=run.run_id))
        on_failure(glue, instance, run, event)
    assert runs_by_status(glue) == [("IN_PROGRESS", run.run_id, None, False)]


def test_a_long_failure_message_is_cut_to_what_the_store_keeps(glue):
    ids = seed(glue, customers=("c1",))
    with dg.instance_for_test() as instance:
        run, event = failed_run(instance, {CONNECTION_TAG: ids[0], PROVIDER_TAG: "hubspot"})
        long_event = event._replace(message="x" * 5000)
        with glue.store.session_factory.begin() as session:
            sync = session.execute(select(Sync)).scalars().first()
            session.add(SyncRun(sync_id=sync.id, status="IN_PROGRESS", start_timestamp=datetime.now(timezone.utc),
                                orchestrator_run_id=run.run_id))
        on_failure(glue, instance, run, long_event)
    assert runs_by_status(glue) == [("FAILURE", run.run_id, "x" * 1000, True)]
