"""Capsule reports deletions: an incremental sync lands what /parties/deleted and /opportunities/deleted list
since its cursor as deleted rows, without waiting for a full sync."""

from glue_pipelines.sync.runner import sync_connection
from tests.pipelines.scenario import connect


def test_an_incremental_sync_marks_what_capsule_deleted_since_the_cursor(glue, emulators, warehouse_url):
    emulated = emulators("capsule", {"parties": 30, "opportunities": 12, "users": 2})
    emulated.control("POST", "/dataset", json={"spacing_seconds": 120})  # beyond the engine's lookback
    scenario = connect(glue, emulated, warehouse_url, objects=["parties", "opportunities"])
    first = {o.object: o for o in sync_connection(glue.store, scenario.connection_id)}
    assert first["parties"].full and first["parties"].records == 30

    gone_parties = set(emulated.control("POST", "/changes/delete", json={"object": "parties", "indices": [2, 17]})["ids"])
    gone_deals = set(emulated.control("POST", "/changes/delete", json={"object": "opportunities", "indices": [5]})["ids"])
    second = {o.object: o for o in sync_connection(glue.store, scenario.connection_id)}

    # The notices, and the newest record again: it stands at the cursor, and since= is inclusive.
    assert not second["parties"].full and second["parties"].records == 2 + 1
    assert not second["opportunities"].full and second["opportunities"].records == 1 + 1
    for object_name, gone, count in (("parties", gone_parties, 30), ("opportunities", gone_deals, 12)):
        rows = scenario.rows(object_name)
        assert len(rows) == count
        assert {rid for rid, (_, deleted, _) in rows.items() if deleted} == gone
