"""The live suites' own steps, run offline against PostgreSQL: when they fail live, it is the warehouse, not them."""

from tests.destinations.live import support
from tests.support.warehouse import postgres_destination_body


def test_round_trip_and_cleanup_on_postgres(glue, emulators, monkeypatch, warehouse_url):
    monkeypatch.setattr(support, "destination_body", lambda warehouse, dataset: postgres_destination_body(warehouse_url, dataset))
    with support.live_sync(glue, emulators, monkeypatch, "postgres") as sync:
        assert support.connectivity_check(glue)["success"] is True
        support.full_round_trip(sync)
        assert {kind for _, kind in sync.rows(support.CHANGED, "jsonb_typeof({raw})").values()} == {"object"}
        dataset = sync.pipelines[-1].dataset_name
    with sync.pipelines[-1].sql_client() as client:
        assert dataset.startswith("glue_live_") and not client.has_dataset()
