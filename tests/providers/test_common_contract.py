"""The common-model contract every provider with common mappings keeps, through the real engine into
PostgreSQL: each mapped common object lands in its table (``crm_contacts``, ...) one row per provider
record, its typed columns holding what the provider's mapping makes of the record's raw data; an
incremental sync moves exactly the changed rows; a full sync flags deleted records ``is_deleted``.

What each mapping makes of a record is proven field by field in tests/providers/common/; here, that
the engine lands it whole, typed, incrementally and with deletions. Run one provider's:
``scripts/test tests/providers/test_common_contract.py -k hubspot``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import create_engine, text

from glue_providers import registry
from glue_providers.common.models import fields_of, table_name
from tests.providers.conftest import synced_contract
from tests.providers.contract import RECORDS, Contract


def common_contract_providers() -> list[str]:
    return [spec.name for spec in registry.syncable() if spec.emulator is not None and spec.common_mappings()]


@pytest.fixture(scope="module")
def contract(request, tmp_path_factory, keyring) -> Iterator[Contract]:
    """One connection per provider syncing every common object its mappings offer (and no provider object)."""
    common = [{"object": name} for name in registry.get(request.param).common_mappings()]
    config = {"standard_objects": [], "common_objects": common}
    with synced_contract(request.param, tmp_path_factory, keyring, config) as connected:
        yield connected


every_mapped_provider = pytest.mark.parametrize("contract", common_contract_providers(), indirect=True)


def common_rows(contract: Contract, common_object: str) -> dict[str, dict]:
    """{id: row} of the common object's table, as PostgreSQL gives them back."""
    table = f"{contract.scenario.schema}.{table_name(contract.spec.category.value, common_object)}"
    engine = create_engine(contract.scenario.warehouse_url)
    with engine.connect() as connection:
        rows = connection.execute(text(f"SELECT * FROM {table}")).mappings().all()
    engine.dispose()
    assert all(r["_glue_customer_id"] == "c1" and r["_glue_provider_name"] == contract.spec.name for r in rows)
    return {row["id"]: dict(row) for row in rows}


def expected_ids(contract: Contract, common_object: str) -> set[str]:
    """The live records of the object the common object is mapped from that the mapping keeps."""
    mapping = contract.spec.common_mappings()[common_object]
    return {str(record["id"]) if mapping.expand else rid for rid, parent in contract.upstream(mapping.from_object).items()
            for record in mapping.records_of(parent) if mapping.fields(record) is not None}


def assert_rows_hold_the_mapping(contract: Contract, common_object: str, rows: dict[str, dict]) -> None:
    mapping = contract.spec.common_mappings()[common_object]
    fields = fields_of(contract.spec.category.value, common_object)
    for record_id, row in rows.items():
        mapped = mapping.fields(row["raw_data"])
        for name in ("created_at", "updated_at", *(f.name for f in fields)):
            assert _comparable(row[name]) == _comparable(mapped.get(name)), (common_object, record_id, name)


def one_row_per_record(mapping) -> bool:
    return mapping.applies_to is None and mapping.expand is None


def one_row_per_record_object(mappings: dict) -> str:
    """A common object with a row for every record of its provider object (the first, if none has)."""
    return next((name for name, m in mappings.items() if one_row_per_record(m)), next(iter(mappings)))


def _comparable(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.loads(json.dumps(value, default=str))
    return value


@every_mapped_provider
def test_a_full_sync_lands_every_mapped_record_typed(contract: Contract):
    mappings = contract.spec.common_mappings()
    assert set(contract.first_sync) == set(mappings)
    for common_object in mappings:
        rows = common_rows(contract, common_object)
        assert set(rows) == expected_ids(contract, common_object), common_object
        assert rows  # the provider's records (some objects take only some: organisations, people)
        assert not any(row["is_deleted"] for row in rows.values())
        assert_rows_hold_the_mapping(contract, common_object, rows)
        assert contract.first_sync[common_object].full and contract.first_sync[common_object].records == len(rows)
    syncs = contract.glue.mgmt.get("/syncs", params={"object_type": "common"}).json()["results"]
    assert sorted(s["object"] for s in syncs) == sorted(mappings)
    runs = contract.glue.mgmt.get("/sync-runs").json()["results"]
    assert {(r["object_type"], r["status"]) for r in runs} == {("common", "SUCCESS")}


@every_mapped_provider
def test_an_incremental_sync_moves_exactly_the_changed_rows(contract: Contract):
    mappings = contract.spec.common_mappings()
    # One read incrementally where the provider can filter by time (Apollo cannot: it is read in full).
    common_object = next((name for name, m in mappings.items() if m.from_object not in contract.spec.full_only_objects
                          and one_row_per_record(m)), one_row_per_record_object(mappings))
    source_object = mappings[common_object].from_object
    before = common_rows(contract, common_object)
    changed = set(contract.control("POST", "/changes/update",
                                   json={"object": source_object, "indices": [3, 11, RECORDS - 1]})["ids"])
    outcomes = contract.sync()
    assert outcomes[common_object].full == (source_object in contract.spec.full_only_objects)
    after = common_rows(contract, common_object)
    assert set(after) == set(before)
    moved = {rid for rid in before if after[rid]["raw_data"] != before[rid]["raw_data"]}
    assert moved == changed & set(before)
    assert_rows_hold_the_mapping(contract, common_object, {rid: after[rid] for rid in moved})


@every_mapped_provider
def test_deleted_records_are_flagged_after_a_full_sync(contract: Contract):
    mappings = contract.spec.common_mappings()
    common_object = one_row_per_record_object(mappings)
    source_object = mappings[common_object].from_object
    deleted = set(contract.control("POST", "/changes/delete", json={"object": source_object, "indices": [5, 6]})["ids"])
    headers = {"x-customer-id": "c1", "x-provider-name": contract.spec.name}
    trigger = {"object_type": "common", "object": common_object, "perform_full_refresh": True}
    assert contract.glue.mgmt.post("/syncs/_trigger", json=trigger, headers=headers).status_code == 200
    outcomes = contract.sync()
    assert outcomes[common_object].full
    rows = common_rows(contract, common_object)
    assert {rid for rid, row in rows.items() if row["is_deleted"]} == deleted & set(rows)
    assert deleted & set(rows)  # the deleted records were among the mapped ones
