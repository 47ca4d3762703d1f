"""The Salesforce source against the running emulator: full and incremental syncs, deletions, faults."""

from __future__ import annotations

import json
import math
from datetime import datetime, timezone

import dlt
import httpx
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from glue_emulators.salesforce import create_emulator
from glue_emulators.server import EmulatorServer
from glue_providers.http import ProviderAuthError
from glue_providers.records import RECORD_SCHEMA
from glue_providers.salesforce.source import fetch_limits, salesforce_source
from glue_providers.salesforce.source.helpers import ApiLimitExhausted, build_soql

COUNTS = {"Account": 450, "Contact": 240, "Lead": 120, "Opportunity": 90, "User": 12, "Project__c": 80}
PAGE = 200  # Salesforce's smallest batch size


@pytest.fixture
def emulator():
    return create_emulator(COUNTS)


@pytest.fixture
def server(emulator):
    with EmulatorServer(emulator.app) as running:
        yield running


@pytest.fixture
def token(emulator) -> str:
    return emulator.oauth.mint()["access_token"]


def pages(server, token, objects, modified_since=None, page_size=PAGE) -> dict[str, list[pa.Table]]:
    source = salesforce_source(token, server.url, objects=objects, modified_since=modified_since, page_size=page_size)
    return {name: list(source.resources[name]) for name in objects}


def sync(server, token, objects, modified_since=None) -> dict[str, pa.Table]:
    return {name: pa.concat_tables(tables, promote_options="none") if tables else RECORD_SCHEMA.empty_table()
            for name, tables in pages(server, token, objects, modified_since).items()}


def control(server, path: str, body: dict | None = None) -> dict:
    if body is None:
        return httpx.get(f"{server.url}/_emulator/{path}").json()
    return httpx.post(f"{server.url}/_emulator/{path}", json=body).json()


def ids(table: pa.Table, *, deleted: bool | None = None) -> list[str]:
    if deleted is not None:
        table = table.filter(pc.equal(table["is_deleted"], deleted))
    return table["id"].to_pylist()


def raw_by_id(table: pa.Table) -> dict[str, dict]:
    return {row["id"]: json.loads(row["raw_data"]) for row in table.to_pylist()}


def causes(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def test_full_sync_returns_exactly_the_live_records(server, token):
    synced = pages(server, token, list(COUNTS))
    for name, tables in synced.items():
        assert len(tables) == math.ceil(COUNTS[name] / PAGE)  # one Arrow table per API page
        assert all(t.schema == RECORD_SCHEMA for t in tables)
        table = pa.concat_tables(tables)
        live = control(server, f"records/{name}")["records"]
        assert sorted(ids(table)) == sorted(live) and len(set(ids(table))) == len(live)
        assert not any(table["is_deleted"].to_pylist())
    account = raw_by_id(pa.concat_tables(synced["Account"]))
    some = next(iter(account.values()))
    assert "attributes" not in some and {"Name", "Industry", "SystemModstamp", "OwnerId"} <= set(some)
    first = pa.concat_tables(synced["Account"]).to_pylist()[0]
    assert first["last_modified_at"] == datetime(2024, 1, 1, tzinfo=timezone.utc)


def test_incremental_after_updates_returns_the_changed_records_with_new_content(server, token):
    before = sync(server, token, ["Account", "Contact"])
    cursor = {name: pc.max(table["last_modified_at"]).as_py() for name, table in before.items()}
    changed = {name: control(server, "changes/update", {"object": name, "fraction": 0.01})["ids"] for name in before}
    assert all(len(v) >= 2 for v in changed.values())

    after = sync(server, token, ["Account", "Contact"], modified_since=cursor)

    for name, table in after.items():
        assert set(changed[name]) <= set(ids(table))
        boundary = set(ids(table)) - set(changed[name])  # records in the cursor's own second may come again
        assert all(row["last_modified_at"] >= cursor[name].replace(microsecond=0) for row in table.to_pylist())
        assert len(boundary) <= 1
        old, new = raw_by_id(before[name]), raw_by_id(table)
        for record_id in changed[name]:
            assert new[record_id] != old[record_id]
            assert new[record_id]["SystemModstamp"] > old[record_id]["SystemModstamp"]
        assert all(row["last_modified_at"] > cursor[name] for row in table.to_pylist() if row["id"] in changed[name])


def test_deletions_surface_as_is_deleted(server, token):
    full = sync(server, token, ["Opportunity"])["Opportunity"]
    cursor = pc.max(full["last_modified_at"]).as_py()
    deleted = control(server, "changes/delete", {"object": "Opportunity", "indices": [1, 2, 40]})["ids"]

    incremental = sync(server, token, ["Opportunity"], {"Opportunity": cursor})["Opportunity"]
    assert sorted(ids(incremental, deleted=True)) == sorted(deleted)

    again = sync(server, token, ["Opportunity"])["Opportunity"]  # queryAll: deleted ones come flagged
    assert sorted(ids(again, deleted=False)) == sorted(control(server, "records/Opportunity")["records"])
    assert sorted(ids(again, deleted=True)) == sorted(deleted)


def test_custom_objects_sync_fully_and_incrementally(server, token):
    full = sync(server, token, ["Project__c"])["Project__c"]
    assert len(full) == 80 and all(i.startswith("a0") for i in ids(full))
    assert "Status__c" in json.loads(full["raw_data"][0].as_py())
    changed = control(server, "changes/update", {"object": "Project__c", "indices": [7, 8]})["ids"]
    incremental = sync(server, token, ["Project__c"], {"Project__c": pc.max(full["last_modified_at"]).as_py()})
    assert set(changed) <= set(ids(incremental["Project__c"]))


def test_a_none_cursor_is_a_full_sync_and_objects_sync_independently(server, token):
    full = sync(server, token, ["Account"])["Account"]
    control(server, "changes/update", {"object": "Account", "indices": [3]})
    mixed = sync(server, token, ["Account", "User"],
                 {"Account": pc.max(full["last_modified_at"]).as_py(), "User": None})
    assert len(mixed["User"]) == 12
    assert len(mixed["Account"]) <= 2


def test_revoked_access_raises_provider_auth_error_without_the_token(server, token):
    control(server, "faults", {"unauthorized": True})
    with pytest.raises(Exception) as raised:
        sync(server, token, ["Account"])
    chain = list(causes(raised.value))
    assert any(isinstance(e, ProviderAuthError) and e.status_code == 401 for e in chain)
    assert not any(token in str(e) or token in repr(e) for e in chain)


def test_an_unknown_token_is_an_auth_error_too(server):
    with pytest.raises(Exception) as raised:
        sync(server, "00Dforged!token", ["User"])
    assert any(isinstance(e, ProviderAuthError) for e in causes(raised.value))


@pytest.mark.parametrize("already_used", [0, 10])  # spent during the sync (header), or before it (403)
def test_a_spent_daily_allocation_stops_the_sync_without_blaming_the_credentials(emulator, server, token,
                                                                                 already_used):
    emulator.usage.max, emulator.usage.used = 3, already_used
    with pytest.raises(Exception) as raised:
        sync(server, token, ["Account"])
    chain = list(causes(raised.value))
    assert any(isinstance(e, ApiLimitExhausted) for e in chain)
    assert not any(isinstance(e, ProviderAuthError) for e in chain)


def test_fetch_limits_reads_daily_api_requests(emulator, server, token):
    sync(server, token, ["User"])
    limits = fetch_limits(token, server.url)
    assert limits["DailyApiRequests"]["Max"] == 100_000
    assert limits["DailyApiRequests"]["Remaining"] == 100_000 - emulator.usage.used
    emulator.usage.max = emulator.usage.used + 1  # the limits call itself spends the last request
    assert fetch_limits(token, server.url)["DailyApiRequests"]["Remaining"] == 0


def test_soql_is_inclusive_from_the_cursor_second():
    naive = datetime(2024, 5, 1, 12, 30, 15, 999_000)
    assert build_soql("Lead", ["Id", "SystemModstamp"], "SystemModstamp", naive) == (
        "SELECT Id, SystemModstamp FROM Lead WHERE SystemModstamp >= 2024-05-01T12:30:15Z ORDER BY SystemModstamp, Id")
    assert build_soql("Lead", ["Id"], "SystemModstamp", None) == "SELECT Id FROM Lead ORDER BY SystemModstamp, Id"


def test_object_names_are_checked_before_they_reach_soql(token):
    with pytest.raises(ValueError):
        salesforce_source(token, "http://127.0.0.1:9", objects=["Account WHERE Name != null"])


def test_a_pipeline_loads_the_source_into_duckdb(server, token, tmp_path):
    pipeline = dlt.pipeline(pipeline_name="sf_test", destination=dlt.destinations.duckdb(str(tmp_path / "sf.duckdb")),
                            dataset_name="salesforce_data", pipelines_dir=str(tmp_path / "pipelines"))
    pipeline.run(salesforce_source(token, server.url, objects=["User", "Project__c"], page_size=PAGE))
    with pipeline.sql_client() as client:
        assert client.execute_sql("SELECT count(*) FROM project__c")[0][0] == 80
        assert client.execute_sql("SELECT count(*) FROM \"user\"")[0][0] == 12
