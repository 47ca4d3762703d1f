"""BigQuery, live: runs only with GLUE_LIVE_BIGQUERY_* set (README.md, "Destinations")."""

import pytest

from tests.destinations.live.support import (
    CHANGED,
    connectivity_check,
    full_round_trip,
    live_sync,
    requires,
)

pytestmark = [requires("bigquery"), pytest.mark.filterwarnings("ignore:Cannot create BigQuery Storage client")]


def test_bigquery_connectivity_check(glue, emulators, monkeypatch):
    with live_sync(glue, emulators, monkeypatch, "bigquery"):
        answer = connectivity_check(glue)
    assert answer["success"] is True, answer["message"]


def test_bigquery_full_incremental_and_deletions(glue, emulators, monkeypatch):
    with live_sync(glue, emulators, monkeypatch, "bigquery") as sync:
        full_round_trip(sync)


def test_bigquery_raw_data_is_a_json_object(glue, emulators, monkeypatch):
    with live_sync(glue, emulators, monkeypatch, "bigquery") as sync:
        sync.run()
        kinds = {kind for _, kind in sync.rows(CHANGED, "JSON_TYPE({raw})").values()}
    assert kinds == {"object"}
