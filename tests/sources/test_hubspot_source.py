"""The HubSpot source against the running emulator: full and incremental reads, deletions, faults."""

from __future__ import annotations

import json
from datetime import timedelta

import dlt
import httpx
import pyarrow as pa
import pytest

from glue_emulators.dataset import BASE_STEP, BASE_TIME
from glue_emulators.hubspot import Limits, create_emulator
from glue_emulators.server import EmulatorServer
from glue_providers.http import ProviderAuthError, ProviderError
from glue_providers.records import RECORD_SCHEMA
from glue_providers.hubspot.source import hubspot_source, settings
from glue_providers.hubspot.source.helpers import rate_limit_pause

COUNTS = {"contacts": 240, "companies": 24, "deals": 60, "leads": 30, "owners": 7, "cars": 18}


@pytest.fixture
def emulator():
    return create_emulator(COUNTS, limits=Limits(requests_per_interval=100_000, search_per_second=1_000))


@pytest.fixture
def server(emulator):
    with EmulatorServer(emulator.app) as running:
        yield running


@pytest.fixture
def token(emulator):
    return emulator.oauth.mint(scopes=["oauth", "crm.objects.contacts.read"])["access_token"]


def read(source, name: str) -> pa.Table:
    tables = list(source.resources[name])
    assert all(isinstance(t, pa.Table) and t.schema == RECORD_SCHEMA for t in tables)
    return pa.concat_tables(tables) if tables else RECORD_SCHEMA.empty_table()


def live_ids(server, name: str) -> set[str]:
    return set(httpx.get(f"{server.url}/_emulator/records/{name}").json()["records"])


def change(server, action: str, name: str, **body) -> list[str]:
    return httpx.post(f"{server.url}/_emulator/changes/{action}", json={"object": name, **body}).json()["ids"]


def rows(table: pa.Table) -> dict[str, dict]:
    return {r["id"]: {**r, "raw": json.loads(r["raw_data"])} for r in table.to_pylist()}


def test_full_sync_returns_exactly_the_live_records_one_table_per_page(server, token):
    objects = ["contacts", "companies", "deals", "leads", "owners", "p_cars"]
    source = hubspot_source(token, server.url, objects=objects, page_size=25)
    assert [r.name for r in source.resources.values()] == objects
    for name in objects:
        tables = list(source.resources[name])
        expected = live_ids(server, "cars" if name == "p_cars" else name)
        assert len(tables) == -(-len(expected) // 25)  # a table per page, never a row at a time
        table = pa.concat_tables(tables)
        assert table.column("id").to_pylist() == sorted(expected, key=int)
        assert not any(table.column("is_deleted").to_pylist())
    contact = rows(read(hubspot_source(token, server.url, objects=["contacts"]), "contacts"))["101"]
    assert contact["last_modified_at"] == BASE_TIME
    assert {"email", "firstname", "lastname", "lifecyclestage", "hubspot_owner_id"} <= set(contact["raw"]["properties"])


def test_incremental_returns_updated_records_with_their_new_content(server, token):
    full = rows(read(hubspot_source(token, server.url, objects=["contacts"], page_size=50), "contacts"))
    cursor = max(r["last_modified_at"] for r in full.values())
    updated = change(server, "update", "contacts", fraction=0.01)
    assert len(updated) == 2
    source = hubspot_source(token, server.url, objects=["contacts"], modified_since={"contacts": cursor}, page_size=50)
    found = rows(read(source, "contacts"))
    assert set(updated) <= set(found) <= set(updated) | {"340"}  # 340 is the boundary record at the cursor
    for record_id in updated:
        assert found[record_id]["last_modified_at"] > cursor
        assert found[record_id]["raw"]["properties"] != full[record_id]["raw"]["properties"]
        assert found[record_id]["raw"]["properties"]["lastmodifieddate"] == found[record_id]["raw"]["updatedAt"]
    assert all(r["last_modified_at"] >= cursor and not r["is_deleted"] for r in found.values())


def test_deletions_surface_in_incremental_and_full_syncs(server, token):
    cursor = BASE_TIME + 239 * BASE_STEP
    deleted = change(server, "delete", "deals", indices=[0, 7, 59])
    source = hubspot_source(token, server.url, objects=["deals"], modified_since={"deals": cursor}, page_size=20)
    found = rows(read(source, "deals"))
    assert {i for i, r in found.items() if r["is_deleted"]} == set(deleted)
    assert all(found[i]["raw"]["archived"] and found[i]["last_modified_at"] > cursor for i in deleted)
    # archived before the cursor: not part of this increment
    after_all = max(r["last_modified_at"] for r in found.values()) + timedelta(seconds=1)
    later = hubspot_source(token, server.url, objects=["deals"], modified_since={"deals": after_all})
    assert read(later, "deals").num_rows == 0
    full = rows(read(hubspot_source(token, server.url, objects=["deals"], page_size=20), "deals"))
    assert {i for i, r in full.items() if not r["is_deleted"]} == live_ids(server, "deals")
    assert {i for i, r in full.items() if r["is_deleted"]} == set(deleted)


def test_search_past_the_results_cap_restarts_from_the_last_modification(server, emulator, token, monkeypatch):
    monkeypatch.setattr(settings, "SEARCH_RESULTS_CAP", 80)
    emulator.limits.search_results_cap = 80
    updated = change(server, "update", "contacts", indices=list(range(0, 240, 3)))
    source = hubspot_source(token, server.url, objects=["contacts"], page_size=20,  # search pages of 40
                            modified_since={"contacts": BASE_TIME})
    table = read(source, "contacts")
    ids = table.column("id").to_pylist()
    assert len(ids) == len(set(ids)) == 240  # four capped queries, no record twice, none lost
    modified = table.column("last_modified_at").to_pylist()
    assert modified == sorted(modified) and set(ids[-len(updated):]) == set(updated)


def test_owners_are_listed_in_full_and_filtered_on_updated_at(server, token):
    full = read(hubspot_source(token, server.url, objects=["owners"]), "owners")
    assert set(full.column("id").to_pylist()) == live_ids(server, "owners")
    gone = change(server, "delete", "owners", indices=[2])
    since = max(full.column("last_modified_at").to_pylist()) + timedelta(milliseconds=1)
    source = hubspot_source(token, server.url, objects=["owners"], modified_since={"owners": since})
    increment = rows(read(source, "owners"))
    assert list(increment) == gone and increment[gone[0]]["is_deleted"]


def test_associations_are_fetched_for_full_and_incremental_pages(server, token):
    associations = {"contacts": ["companies", "deals"]}
    full = rows(read(hubspot_source(token, server.url, objects=["contacts"], associations=associations, page_size=100),
                     "contacts"))
    first = full["101"]["raw"]["associations"]
    assert [t["toObjectId"] for t in first["companies"]] == [5_000_000_001]
    assert first["companies"][0]["associationTypes"][0]["typeId"] == 1
    assert len(first["deals"]) == 1  # 60 deals over 240 contacts: contact 0 has deal 0
    assert all(len(r["raw"]["associations"]["companies"]) == 1 for r in full.values())
    updated = change(server, "update", "contacts", indices=[5])
    increment = rows(read(hubspot_source(token, server.url, objects=["contacts"], associations=associations,
                                         modified_since={"contacts": BASE_TIME + 239 * BASE_STEP}), "contacts"))
    associated = increment[updated[0]]["raw"]["associations"]
    assert associated["companies"] == full[updated[0]]["raw"]["associations"]["companies"]


def test_association_names_stay_one_path_segment(emulator, token):
    paths = []

    async def recording(scope, receive, send):
        paths.append(scope["raw_path"].decode())
        await emulator.app(scope, receive, send)

    hostile = "../../../crm/v3/owners?x="
    with EmulatorServer(recording) as server:
        source = hubspot_source(token, server.url, objects=["contacts"], associations={"contacts": [hostile]})
        with pytest.raises(Exception):
            list(source.resources["contacts"])
    association_paths = [p for p in paths if "associations" in p]
    assert association_paths == ["/crm/v4/associations/contacts/..%2F..%2F..%2Fcrm%2Fv3%2Fowners%3Fx%3D/batch/read"]
    assert not any(p.startswith("/crm/v3/owners") for p in paths)


def test_custom_objects_by_object_type_id_and_unknown_ones_fail(server, emulator, token):
    schemas = httpx.get(f"{server.url}/crm/v3/schemas", headers={"Authorization": f"Bearer {token}"}).json()
    schema = schemas["results"][0]
    by_id = read(hubspot_source(token, server.url, objects=[schema["objectTypeId"]]), schema["objectTypeId"])
    assert set(by_id.column("id").to_pylist()) == live_ids(server, "cars")
    assert json.loads(by_id.column("raw_data")[0].as_py())["properties"]["vin"]
    updated = change(server, "update", "cars", indices=[4])
    increment = read(hubspot_source(token, server.url, objects=["p_cars"],
                                    modified_since={"p_cars": BASE_TIME + 17 * BASE_STEP}), "p_cars")
    assert set(increment.column("id").to_pylist()) == {updated[0], str(17_000_000_001 + 17)}
    with pytest.raises(Exception) as failure:
        list(hubspot_source(token, server.url, objects=["p_boats"]).resources["p_boats"])
    assert isinstance(cause_of(failure.value, ProviderError), ProviderError)


def test_unsupported_object_names_are_refused_up_front():
    with pytest.raises(Exception) as failure:
        hubspot_source("token", "http://127.0.0.1:9", objects=["tickets_and_more"])
    assert isinstance(cause_of(failure.value, ValueError), ValueError)


def test_revoked_access_raises_provider_auth_error_without_the_token(server, token):
    httpx.post(f"{server.url}/_emulator/faults", json={"unauthorized": True})
    with pytest.raises(Exception) as failure:
        list(hubspot_source(token, server.url, objects=["contacts"]).resources["contacts"])
    auth_error = cause_of(failure.value, ProviderAuthError)
    assert isinstance(auth_error, ProviderAuthError) and auth_error.status_code == 401
    assert token not in "".join(str(e) for e in chain(failure.value))


def test_the_source_paces_itself_by_the_rate_limit_headers():
    emulator = create_emulator({"contacts": 60}, limits=Limits(requests_per_interval=3, interval_ms=400))
    answers = []  # (status, X-HubSpot-RateLimit-Remaining) of each answer

    async def recording(scope, receive, send):
        async def sending(message):
            if message["type"] == "http.response.start":
                headers = {k.decode().lower(): v.decode() for k, v in message["headers"]}
                answers.append((message["status"], headers.get("x-hubspot-ratelimit-remaining")))
            await send(message)

        await emulator.app(scope, receive, sending)

    with EmulatorServer(recording) as server:
        token = emulator.oauth.mint()["access_token"]
        table = read(hubspot_source(token, server.url, objects=["contacts"], page_size=10), "contacts")
    assert table.num_rows == 60
    # 8 requests (properties, 6 pages, archived) in windows of 3, and never a 429: the emulator refuses a
    # fourth request inside a window, so the source waited whenever a window was spent (no clock read here).
    assert [status for status, _ in answers] == [200] * 8
    assert [remaining for _, remaining in answers].count("0") >= 2


def test_rate_limit_pause_reads_hubspots_headers():
    def response(**headers):
        names = {f"X-HubSpot-RateLimit-{k.replace('_', '-')}": v for k, v in headers.items()}
        return httpx.Response(200, headers=names)

    assert rate_limit_pause(response(Max="110", Remaining="40", Interval_Milliseconds="10000")) == 0
    assert rate_limit_pause(response(Max="110", Remaining="0", Interval_Milliseconds="10000")) == 10.0
    assert rate_limit_pause(httpx.Response(200)) == 0  # search responses carry no headers


def test_loads_into_duckdb_through_a_dlt_pipeline(server, token, tmp_path):
    warehouse = dlt.destinations.duckdb(str(tmp_path / "w.duckdb"))
    pipeline = dlt.pipeline(pipeline_name="hubspot_test", destination=warehouse, dataset_name="crm",
                            pipelines_dir=str(tmp_path / "pipelines"))
    pipeline.run(hubspot_source(token, server.url, objects=["companies", "owners"]))
    with pipeline.sql_client() as sql:
        assert sql.execute_sql("select count(*) from companies")[0][0] == 24
        assert sql.execute_sql("select count(*) from owners")[0][0] == 7


def chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def cause_of(exc: BaseException, kind: type) -> BaseException | None:
    return next((e for e in chain(exc) if isinstance(e, kind)), None)
