"""Zoho CRM custom modules synced as custom objects through the engine, incrementally and with deletions."""

from glue_pipelines.sync.runner import sync_connection
from tests.pipelines.scenario import connect


def test_a_custom_module_syncs_as_a_custom_object(glue, emulators, warehouse_url):
    zoho = emulators("zoho_crm", {"Leads": 5, "Vehicles": 23, "users": 2})
    zoho.control("POST", "/dataset", json={"spacing_seconds": 120})  # further apart than the engine's lookback
    scenario = connect(glue, zoho, warehouse_url, objects=["Leads"], config={
        "custom_objects": [{"object": "Vehicles"}],
    })
    first = {o.object: o.records for o in sync_connection(glue.store, scenario.connection_id)}
    assert first == {"Leads": 5, "Vehicles": 23}
    assert set(scenario.rows("Vehicles")) == set(zoho.live_records("Vehicles"))
    syncs = glue.mgmt.get("/syncs", params={"object_type": "custom"}).json()["results"]
    assert [(s["object"], s["object_type"]) for s in syncs] == [("Vehicles", "custom")]

    # The newest record is among the changed ones: it is where the last sync's cursor (and lookback) stands.
    changed = zoho.control("POST", "/changes/update", json={"object": "Vehicles", "indices": [4, 22]})["ids"]
    gone = zoho.control("POST", "/changes/delete", json={"object": "Vehicles", "indices": [9]})["ids"]
    second = {o.object: o for o in sync_connection(glue.store, scenario.connection_id)}
    assert not second["Vehicles"].full and second["Vehicles"].records == 3  # the changes and the deletion
    rows = scenario.rows("Vehicles")
    assert {rid for rid, (_, deleted, _) in rows.items() if deleted} == set(gone)
    assert set(changed) <= set(rows)
