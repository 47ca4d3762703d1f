"""The Pipedrive source against the running emulator: full and incremental syncs, deletions, faults."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import dlt
import duckdb
import httpx
import pyarrow as pa
import pytest

from glue_emulators.pipedrive import create_emulator
from glue_emulators.server import EmulatorServer
from glue_providers.http import ProviderAuthError
from tests.sources.support import tables_of
from glue_providers.pipedrive.source import pipedrive_source
from glue_providers.pipedrive.source.helpers import offset_continuation, parse_time, pause_for_rate_limit

COUNTS = {"persons": 300, "organizations": 80, "deals": 120, "leads": 90, "users": 12}
OBJECTS = tuple(COUNTS)


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


@pytest.fixture
def control(server):
    with httpx.Client(base_url=server.url + "/_emulator") as client:
        yield client


def sync(token: str, server, objects=OBJECTS, modified_since=None, page_size=40) -> dict[str, pa.Table]:
    source = pipedrive_source(token, server.url, objects=objects, modified_since=modified_since, page_size=page_size)
    return tables_of(source, objects)


def live_ids(table: pa.Table) -> list[str]:
    return sorted(i for i, deleted in zip(table.column("id").to_pylist(), table.column("is_deleted").to_pylist())
                  if not deleted)


def deleted_ids(table: pa.Table) -> set[str]:
    return {i for i, deleted in zip(table.column("id").to_pylist(), table.column("is_deleted").to_pylist()) if deleted}


def expected_ids(control, object_name: str) -> list[str]:
    return sorted(control.get(f"/records/{object_name}").json()["records"])


def max_modified(table: pa.Table) -> datetime:
    return max(table.column("last_modified_at").to_pylist())


def raw_by_id(table: pa.Table) -> dict[str, dict]:
    return {i: json.loads(raw) for i, raw in zip(table.column("id").to_pylist(), table.column("raw_data").to_pylist())}


def test_full_sync_returns_exactly_the_live_records(token, server, control):
    tables = sync(token, server)
    for name in OBJECTS:
        assert live_ids(tables[name]) == expected_ids(control, name), name
        assert tables[name].num_rows == COUNTS[name]
    person = raw_by_id(tables["persons"])["1"]
    assert person["id"] == 1 and person["emails"] and "update_time" in person
    first = tables["persons"].column("last_modified_at")[0].as_py()
    assert first == datetime(2024, 1, 1, tzinfo=timezone.utc)  # RFC 3339 "Z" parsed to UTC
    assert tables["users"].column("last_modified_at")[1].as_py() == datetime(2024, 1, 1, 0, 0, 1, tzinfo=timezone.utc)


def test_incremental_returns_updated_records_with_their_new_content(token, server, control):
    full = sync(token, server)
    cursors = {name: max_modified(full[name]) for name in OBJECTS}
    changed = {name: control.post("/changes/update", json={"object": name, "fraction": 0.01}).json()["ids"]
               for name in OBJECTS}
    increment = sync(token, server, modified_since=cursors)
    for name in OBJECTS:
        found = raw_by_id(increment[name])
        assert set(changed[name]) <= found.keys(), name
        boundary = found.keys() - set(changed[name])
        assert len(boundary) <= 2, (name, boundary)  # at most the records sharing the cursor's second
        before = raw_by_id(full[name])
        for record_id in changed[name]:
            assert found[record_id] != before[record_id], (name, record_id)
        assert min(increment[name].column("last_modified_at").to_pylist()) >= cursors[name].replace(microsecond=0)


def test_an_incremental_with_nothing_new_returns_at_most_the_boundary(token, server):
    full = sync(token, server, objects=("persons", "leads"))
    increment = sync(token, server, objects=("persons", "leads"),
                     modified_since={name: max_modified(full[name]) for name in ("persons", "leads")})
    assert increment["persons"].num_rows == 1 and increment["leads"].num_rows == 1


def test_deletions_surface_as_provider_allows(token, server, control):
    full = sync(token, server)
    cursors = {name: max_modified(full[name]) for name in OBJECTS}
    gone = {name: control.post("/changes/delete", json={"object": name, "fraction": 0.02}).json()["ids"]
            for name in OBJECTS}

    increment = sync(token, server, modified_since=cursors)
    # deals (status=deleted) and users (is_deleted in the list) show deletions in increments
    assert deleted_ids(increment["deals"]) == set(gone["deals"])
    assert deleted_ids(increment["users"]) == set(gone["users"])
    assert all(raw_by_id(increment["deals"])[i]["is_deleted"] is True for i in gone["deals"])
    # persons, organizations and leads cannot be listed once deleted
    for name in ("persons", "organizations", "leads"):
        assert not deleted_ids(increment[name]) and not set(gone[name]) & set(live_ids(increment[name]))

    again = sync(token, server)
    for name in OBJECTS:
        assert live_ids(again[name]) == expected_ids(control, name), name
        assert not set(gone[name]) & set(live_ids(again[name]))
    # a full sync shows the deletions Pipedrive still lists; the engine infers the rest
    assert deleted_ids(again["deals"]) == set(gone["deals"])
    assert deleted_ids(again["users"]) == set(gone["users"])


def test_new_records_appear_in_incrementals(token, server, control):
    full = sync(token, server, objects=("organizations", "leads"))
    created = {name: control.post("/changes/create", json={"object": name, "count": 3}).json()["ids"]
               for name in ("organizations", "leads")}
    increment = sync(token, server, objects=("organizations", "leads"),
                     modified_since={name: max_modified(full[name]) for name in ("organizations", "leads")})
    for name, ids in created.items():
        assert set(ids) <= set(live_ids(increment[name]))


def test_revoked_access_raises_provider_auth_error_without_the_token(token, server, control):
    control.post("/faults", json={"unauthorized": True})
    source = pipedrive_source(token, server.url, objects=("deals",))
    with pytest.raises(Exception) as raised:
        list(source.resources["deals"])
    chain, error = [], raised.value
    while error is not None and error not in chain:
        chain.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(e, ProviderAuthError) for e in chain)
    assert all(token not in str(e) for e in chain)


def test_an_unknown_token_raises_provider_auth_error(server):
    source = pipedrive_source("not-a-token", server.url, objects=("users",))
    with pytest.raises(Exception) as raised:
        list(source.resources["users"])
    assert isinstance(raised.value.__cause__, ProviderAuthError)
    assert raised.value.__cause__.status_code == 401


def test_rate_limit_headers_pause_the_sync_instead_of_hitting_429():
    emulator = create_emulator({"persons": 90}, rate_limit=3, rate_window_seconds=0.2)
    token = emulator.oauth.mint()["access_token"]
    statuses = []

    async def recording(scope, receive, send):
        async def record(message):
            if message["type"] == "http.response.start":
                statuses.append(message["status"])
            await send(message)
        await emulator.app(scope, receive, record)

    with EmulatorServer(recording) as server:
        tables = sync(token, server, objects=("persons",), page_size=10)
    assert tables["persons"].num_rows == 90
    assert statuses.count(200) == 9 and 429 not in statuses


def test_page_size_above_pipedrive_maximum_is_capped(token, server, control):
    tables = sync(token, server, objects=("persons", "leads"), page_size=5000)
    assert live_ids(tables["persons"]) == expected_ids(control, "persons")
    assert live_ids(tables["leads"]) == expected_ids(control, "leads")


def test_unknown_objects_are_refused():
    with pytest.raises(Exception, match="activities"):
        pipedrive_source("token", objects=("persons", "activities"))


def test_loads_into_duckdb_as_merged_arrow_tables(token, server, tmp_path):
    pipeline = dlt.pipeline(pipeline_name="pipedrive_test", destination=dlt.destinations.duckdb(
        str(tmp_path / "warehouse.duckdb")), dataset_name="crm", pipelines_dir=str(tmp_path / "pipelines"))
    source = pipedrive_source(token, server.url, objects=("deals", "users"), page_size=50)
    pipeline.run(source)
    pipeline.run(pipedrive_source(token, server.url, objects=("deals", "users"), page_size=50))  # merged, not doubled
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as connection:
        assert connection.execute("select count(*) from crm.deals").fetchone()[0] == COUNTS["deals"]
        assert connection.execute("select count(*) from crm.users").fetchone()[0] == COUNTS["users"]


@pytest.mark.parametrize("text, expected", [
    ("2024-03-05T10:20:30Z", datetime(2024, 3, 5, 10, 20, 30, tzinfo=timezone.utc)),  # API v2
    ("2020-10-14T11:30:36.551Z", datetime(2020, 10, 14, 11, 30, 36, 551000, tzinfo=timezone.utc)),  # leads
    ("2024-03-05 10:20:30", datetime(2024, 3, 5, 10, 20, 30, tzinfo=timezone.utc)),  # API v1, UTC
])
def test_pipedrive_times_parse_to_utc(text, expected):
    assert parse_time(text) == expected


def test_offset_lists_continue_in_either_documented_shape():
    assert offset_continuation({"start": 0, "limit": 2, "more_items_in_collection": True}, 0, 2) == (True, 2)
    nested = {"pagination": {"start": 4, "limit": 2, "more_items_in_collection": True, "next_start": 6}}
    assert offset_continuation(nested, 4, 2) == (True, 6)
    assert offset_continuation({"pagination": {"more_items_in_collection": False}}, 6, 1)[0] is False


def test_pause_only_when_the_window_is_spent():
    spent = httpx.Response(200, headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "2"})
    left = httpx.Response(200, headers={"x-ratelimit-remaining": "5", "x-ratelimit-reset": "2"})
    assert pause_for_rate_limit(spent) == 2.0
    assert pause_for_rate_limit(left) == 0.0
    assert pause_for_rate_limit(httpx.Response(200)) == 0.0
