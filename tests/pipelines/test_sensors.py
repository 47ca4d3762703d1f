"""Sensors turn the store into partitions and runs."""

from datetime import datetime, timedelta, timezone

import dagster as dg
from sqlalchemy import select

from glue_api.models import Connection, Sync, SyncRun
from glue_pipelines.resources import GlueStoreResource
from glue_pipelines.sensors import build_due_syncs_sensor, connections_sensor
from tests.pipelines.conftest import oauth_provider_body, sync_config_body


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


def test_due_syncs_become_one_run_per_connection(glue):
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
