"""Dynamics 365 Sales reports deletions between full syncs through change tracking: the first (full) read of
a table asks for a delta link, kept as the sync's source state; the next incremental run reads that link, so
changed rows are updated and deleted ones land flagged, the common objects' too. A refused link reads the
table in full again, and a table without change tracking is read on ``modifiedon`` as before."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, select, text

from glue_api.models import Sync
from glue_pipelines.sync.runner import sync_connection
from tests.pipelines.scenario import connect

PROVIDER = "ms_dynamics_365_sales"
HEADERS = {"x-customer-id": "c1", "x-provider-name": PROVIDER}


def source_states(glue) -> dict[tuple[str, str], object]:
    with glue.store.session_factory() as session:
        return {(s.object_type, s.object): s.source_state for s in session.execute(select(Sync)).scalars()}


def start(glue, emulators, warehouse_url, **config):
    emulated = emulators(PROVIDER, {"account": 30, "contact": 12, "systemuser": 3, "new_project": 8})
    emulated.control("POST", "/dataset", json={"spacing_seconds": 120, "max_page_size": 7})  # several pages
    return emulated, connect(glue, emulated, warehouse_url, objects=["account", "contact"], config=config)


def common_rows(warehouse_url: str, table: str) -> dict[str, tuple]:
    """{remote id: (is_deleted, name)} of a common object's table."""
    engine = create_engine(warehouse_url)
    with engine.connect() as connection:
        found = connection.execute(text(f"SELECT id, is_deleted, name FROM {table}")).all()
    engine.dispose()
    return {row[0]: (row[1], row[2]) for row in found}


def outcomes(glue, scenario) -> dict:
    return {(o.object_type, o.object): o for o in sync_connection(glue.store, scenario.connection_id)}


def test_an_incremental_sync_lands_what_was_deleted_and_changed_since_the_delta_link(glue, emulators, warehouse_url):
    emulated, scenario = start(glue, emulators, warehouse_url, common_objects=[{"object": "account"}])
    first = outcomes(glue, scenario)
    assert first[("standard", "account")].full and first[("standard", "account")].records == 30
    kept = source_states(glue)
    assert all(str(kept[key]["delta_link"]).startswith(f"{emulated.url}/api/data/v9.2/")
               for key in (("standard", "account"), ("standard", "contact"), ("common", "account")))
    assert "$deltatoken=" in kept[("standard", "account")]["delta_link"].replace("%24", "$")

    gone = set(emulated.control("POST", "/changes/delete", json={"object": "account", "indices": [2, 17]})["ids"])
    (changed,) = emulated.control("POST", "/changes/update", json={"object": "account", "indices": [5]})["ids"]
    (added,) = emulated.control("POST", "/changes/create", json={"object": "account", "count": 1})["ids"]
    second = outcomes(glue, scenario)

    # Exactly the changes: two deletions, one change, one new row (no lookback re-reads, no full read).
    for key in (("standard", "account"), ("common", "account")):
        assert not second[key].full and second[key].records == 4 and second[key].marked_deleted == 0
    assert not second[("standard", "contact")].full and second[("standard", "contact")].records == 0
    rows = scenario.rows("account")
    assert len(rows) == 31  # merged on the remote id: no duplicates
    assert {rid for rid, (_, deleted, _) in rows.items() if deleted} == gone
    assert {rid for rid, (_, deleted, _) in rows.items() if not deleted} == set(emulated.live_records("account"))
    assert json.loads(rows[changed][0])["description"].endswith("version 1")
    assert added in rows
    common = common_rows(warehouse_url, "crm.crm_accounts")
    assert len(common) == 31 and {rid for rid, (deleted, _) in common.items() if deleted} == gone
    assert common[changed][1] == json.loads(rows[changed][0])["name"]  # the mapping read the changed row
    # Each run hands out the next link.
    assert source_states(glue)[("standard", "account")] != kept[("standard", "account")]


def test_an_expired_delta_token_reads_the_table_in_full_again_and_the_result_is_exact(glue, emulators, warehouse_url):
    emulated, scenario = start(glue, emulators, warehouse_url)
    outcomes(glue, scenario)
    old = source_states(glue)[("standard", "account")]
    gone = set(emulated.control("POST", "/changes/delete", json={"object": "account", "indices": [3]})["ids"])
    emulated.control("POST", "/change_tracking", json={"expire_tokens": True})

    second = outcomes(glue, scenario)
    account = second[("standard", "account")]
    assert account.full and account.records == 29 and account.marked_deleted == 1  # found missing, flagged
    rows = scenario.rows("account")
    assert len(rows) == 30 and {rid for rid, (_, deleted, _) in rows.items() if deleted} == gone
    renewed = source_states(glue)[("standard", "account")]
    assert renewed["delta_link"] != old["delta_link"]

    # The new link works: the next deletion arrives incrementally again.
    more = set(emulated.control("POST", "/changes/delete", json={"object": "account", "indices": [20]})["ids"])
    third = outcomes(glue, scenario)
    assert not third[("standard", "account")].full and third[("standard", "account")].records == 1
    assert {rid for rid, (_, deleted, _) in scenario.rows("account").items() if deleted} == gone | more


def test_a_table_without_change_tracking_is_read_on_modifiedon_and_a_full_refresh_drops_the_link(
        glue, emulators, warehouse_url):
    emulated, scenario = start(glue, emulators, warehouse_url, custom_objects=[{"object": "new_project"}])
    first = outcomes(glue, scenario)
    assert first[("custom", "new_project")].full and first[("custom", "new_project")].records == 8
    kept = source_states(glue)
    assert kept[("custom", "new_project")] is None and kept[("standard", "account")]["delta_link"]

    # Its deletions wait for a full sync; its changes still come on modifiedon (the newest row, at the cursor, too).
    gone = set(emulated.control("POST", "/changes/delete", json={"object": "new_project", "indices": [1]})["ids"])
    emulated.control("POST", "/changes/update", json={"object": "new_project", "indices": [7]})
    second = outcomes(glue, scenario)
    assert not second[("custom", "new_project")].full and second[("custom", "new_project")].records == 1
    assert not any(deleted for _, deleted, _ in scenario.rows("new_project").values())

    body = {"object_type": "custom", "object": "new_project", "perform_full_refresh": True}
    assert glue.mgmt.post("/syncs/_trigger", json=body, headers=HEADERS).status_code == 200
    body = {"object_type": "standard", "object": "account", "perform_full_refresh": True}
    assert glue.mgmt.post("/syncs/_trigger", json=body, headers=HEADERS).status_code == 200
    assert source_states(glue)[("standard", "account")] is None  # asked for a full refresh: the link is dropped
    third = outcomes(glue, scenario)
    assert third[("custom", "new_project")].full and third[("custom", "new_project")].marked_deleted == 1
    assert {rid for rid, (_, deleted, _) in scenario.rows("new_project").items() if deleted} == gone
    assert third[("standard", "account")].full and source_states(glue)[("standard", "account")]["delta_link"]
