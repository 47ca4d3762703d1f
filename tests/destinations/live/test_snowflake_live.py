"""Snowflake, live: runs only with GLUE_LIVE_SNOWFLAKE_* set (README.md, "Destinations")."""

from tests.destinations.live.support import (
    CHANGED,
    connectivity_check,
    full_round_trip,
    live_sync,
    requires,
)

pytestmark = requires("snowflake")


def test_snowflake_connectivity_check(glue, emulators, monkeypatch):
    with live_sync(glue, emulators, monkeypatch, "snowflake"):
        answer = connectivity_check(glue)
    assert answer["success"] is True, answer["message"]


def test_snowflake_full_incremental_and_deletions(glue, emulators, monkeypatch):
    with live_sync(glue, emulators, monkeypatch, "snowflake") as sync:
        full_round_trip(sync)


def test_snowflake_raw_data_is_a_json_object(glue, emulators, monkeypatch):
    with live_sync(glue, emulators, monkeypatch, "snowflake") as sync:
        sync.run()
        kinds = {kind for _, kind in sync.rows(CHANGED, "TYPEOF({raw})").values()}
    assert kinds == {"OBJECT"}
