"""Redshift, live: runs only with GLUE_LIVE_REDSHIFT_* set (README.md, "Destinations")."""

from tests.destinations.live.support import (
    CHANGED,
    connectivity_check,
    full_round_trip,
    live_sync,
    requires,
)

pytestmark = requires("redshift")


def test_redshift_connectivity_check(glue, emulators, monkeypatch):
    with live_sync(glue, emulators, monkeypatch, "redshift"):
        answer = connectivity_check(glue)
    assert answer["success"] is True, answer["message"]


def test_redshift_full_incremental_and_deletions(glue, emulators, monkeypatch):
    with live_sync(glue, emulators, monkeypatch, "redshift") as sync:
        full_round_trip(sync)


def test_redshift_raw_data_is_a_json_object(glue, emulators, monkeypatch):
    with live_sync(glue, emulators, monkeypatch, "redshift") as sync:
        sync.run()
        kinds = {kind for _, kind in sync.rows(CHANGED, "JSON_TYPEOF({raw})").values()}
    assert kinds == {"object"}
