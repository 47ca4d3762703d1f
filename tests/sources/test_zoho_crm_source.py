"""The Zoho CRM source against the running emulator: full and incremental reads, page tokens past 2,000
records, deletions, the fields it asks for, faults and a spent credit allowance."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import httpx
import pyarrow as pa
import pytest

from glue_emulators.server import EmulatorServer
from glue_emulators.zoho_crm import create_emulator
from glue_providers.http import ProviderAuthError, ProviderRateLimited
from glue_providers.zoho_crm.source import zoho_crm_source
from glue_providers.zoho_crm.source.pages import parse_time
from tests.sources.support import tables_of

COUNTS = {"Leads": 2300, "Contacts": 40, "Accounts": 15, "Deals": 30, "users": 6}
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


def sync(token: str, server, objects=OBJECTS, modified_since=None) -> dict[str, pa.Table]:
    return tables_of(zoho_crm_source(token, server.url, objects=objects, modified_since=modified_since), objects)


def ids(table: pa.Table, deleted: bool = False) -> list[str]:
    return sorted(i for i, d in zip(table.column("id").to_pylist(), table.column("is_deleted").to_pylist())
                  if d == deleted)


def raw_by_id(table: pa.Table) -> dict[str, dict]:
    return {i: json.loads(raw) for i, raw in zip(table.column("id").to_pylist(), table.column("raw_data").to_pylist())}


def test_full_read_returns_every_live_record_with_every_field(token, server, control):
    tables = sync(token, server)
    for name in OBJECTS:
        upstream = control.get(f"/records/{name}", params={"fields": "true"}).json()["fields"]
        assert ids(tables[name]) == sorted(upstream), name
        # Every field the API shows is asked for (the list API returns only the fields named).
        assert raw_by_id(tables[name]) == upstream, name
    lead = raw_by_id(tables["Leads"])["5725767001000000001"]
    assert lead["Modified_Time"] == "2024-01-01T05:30:00+05:30"
    first = dict(zip(tables["Leads"].column("id").to_pylist(), tables["Leads"].column("last_modified_at").to_pylist()))
    assert first["5725767001000000001"] == datetime(2024, 1, 1, tzinfo=timezone.utc)  # +05:30 read as UTC


def test_past_2000_records_the_source_follows_the_page_token(token, server, emulator):
    tables = sync(token, server, objects=("Leads",))
    assert tables["Leads"].num_rows == 2300 and len(set(tables["Leads"].column("id").to_pylist())) == 2300


def test_incremental_read_returns_changed_added_and_deleted_records(token, server, control):
    since = datetime.now(timezone.utc)
    changed = control.post("/changes/update", json={"object": "Contacts", "indices": [2, 30]}).json()["ids"]
    added = control.post("/changes/create", json={"object": "Contacts", "count": 1}).json()["ids"]
    deleted = control.post("/changes/delete", json={"object": "Contacts", "indices": [5]}).json()["ids"]
    removed_user = control.post("/changes/delete", json={"object": "users", "indices": [4]}).json()["ids"]
    tables = sync(token, server, objects=("Contacts", "Deals", "users"),
                  modified_since={"Contacts": since, "Deals": since, "users": since})
    assert ids(tables["Contacts"]) == sorted(changed + added)
    assert ids(tables["Contacts"], deleted=True) == deleted
    assert tables["Deals"].num_rows == 0  # 204: nothing modified
    assert ids(tables["users"], deleted=True) == removed_user and ids(tables["users"]) == []


def test_a_full_read_lists_deleted_records_as_such(token, server, control):
    deleted = control.post("/changes/delete", json={"object": "Deals", "indices": [0, 9]}).json()["ids"]
    table = sync(token, server, objects=("Deals",))["Deals"]
    assert ids(table, deleted=True) == sorted(deleted) and len(ids(table)) == 28
    tombstone = raw_by_id(table)[deleted[0]]
    assert parse_time(tombstone["deleted_time"]) is not None


def test_refused_access_raises_and_transient_faults_are_retried(token, server, control):
    control.post("/faults", json={"server_error_every": 3, "rate_limit_every": 5, "retry_after_seconds": 1})
    tables = sync(token, server, objects=("Accounts",))
    assert len(ids(tables["Accounts"])) == 15
    report = control.post("/faults", json={"server_error_every": 0, "rate_limit_every": 0, "unauthorized": True}).json()
    assert report["served"]["server_error"] >= 1 and report["early_retries"] == 0
    with pytest.raises(Exception) as raised:
        sync(token, server, objects=("Accounts",))
    assert isinstance(raised.value.__cause__, ProviderAuthError)
    assert token not in str(raised.value)


def test_spent_credits_end_the_read_saying_when_they_come_back():
    emulator = create_emulator({"Leads": 450, "users": 1}, credits=2)
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server:
        with pytest.raises(Exception) as raised:
            sync(token, server, objects=("Leads",))
    assert isinstance(raised.value.__cause__, ProviderRateLimited)
    assert raised.value.__cause__.retry_after_seconds > 23 * 3600  # the first credit frees a day after it was spent


def test_an_incremental_read_of_more_than_2000_changes_pages_on_with_the_token(token, server, emulator):
    since = datetime.now(timezone.utc)
    emulator.dataset["Leads"].update(list(range(2150)))
    table = sync(token, server, objects=("Leads",), modified_since={"Leads": since})["Leads"]
    read = table.column("id").to_pylist()
    assert len(read) == len(set(read)) == 2150
    assert min(table.column("last_modified_at").to_pylist()) >= since.replace(microsecond=0)
