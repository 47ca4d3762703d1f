"""The Intercom source against its emulator: every record in full, searches paged by the body's cursor
(Intercom's paging quirk), increments that survive contact search's day-granular timestamps, companies
scrolled to the end, and Intercom's reset header obeyed."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pyarrow as pa
import pytest

from glue_emulators import intercom
from glue_emulators.dataset import BASE_TIME
from glue_emulators.intercom.render import Renderer, remote_id
from glue_emulators.server import EmulatorServer
from glue_providers.http import ProviderRateLimited
from glue_providers.intercom.source import OBJECTS, intercom_source
from tests.sources.support import tables_of


def read(server: EmulatorServer, token: str, objects=OBJECTS, modified_since=None) -> dict[str, pa.Table]:
    return tables_of(intercom_source(token, server.url, objects, modified_since), objects)


def search(server: EmulatorServer, token: str, body: dict, **kwargs) -> dict:
    answer = httpx.post(server.url + "/contacts/search", json=body, headers={"Authorization": f"Bearer {token}"},
                        **kwargs)
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.fixture
def served():
    emulator = intercom.create_emulator({"contacts": 320, "companies": 120, "conversations": 170, "admins": 4})
    with EmulatorServer(emulator.app) as server:
        yield emulator, server, emulator.oauth.mint()["access_token"]


def test_a_full_read_lands_every_record_as_intercom_shows_it(served):
    emulator, server, token = served
    tables = read(server, token)
    counts = {name: tables[name].num_rows for name in OBJECTS}
    assert counts == {"contacts": 320, "companies": 120, "conversations": 170, "admins": 4}
    for name in OBJECTS:
        ids = tables[name].column("id").to_pylist()
        assert ids == [remote_id(name, i) for i in range(counts[name])]  # each once, in updated_at order
    render = Renderer(emulator.dataset)
    contact = json.loads(tables["contacts"].column("raw_data")[7].as_py())
    assert contact == render("contacts", emulator.dataset["contacts"].record(7))
    assert tables["contacts"].column("last_modified_at")[7].as_py() == BASE_TIME + timedelta(seconds=7)


def test_search_pages_follow_the_cursor_in_the_body_not_the_query_string(served):
    """Intercom's search paging: the cursor goes in ``pagination.starting_after``; one in the query string is
    ignored and the first page comes back. The source pages through the body and reads each contact once."""
    emulator, server, token = served
    query = {"field": "updated_at", "operator": ">", "value": 0}
    first = search(server, token, {"query": query, "pagination": {"per_page": 150}})
    cursor = first["pages"]["next"]["starting_after"]
    in_url = search(server, token, {"query": query, "pagination": {"per_page": 150}},
                    params={"starting_after": cursor})
    assert [c["id"] for c in in_url["data"]] == [c["id"] for c in first["data"]]
    in_body = search(server, token, {"query": query, "pagination": {"per_page": 150, "starting_after": cursor}})
    assert in_body["pages"]["page"] == 2 and in_body["data"][0]["id"] == remote_id("contacts", 150)
    assert first["total_count"] == 320 and first["pages"]["total_pages"] == 3

    before = emulator.faults.requests
    contacts = read(server, token, ("contacts",))["contacts"]
    assert contacts.num_rows == 320 and len(set(contacts.column("id").to_pylist())) == 320
    assert emulator.faults.requests - before == 3  # 150 + 150 + 20: pages of the most Intercom serves


def test_contact_search_compares_timestamps_by_day_so_an_increment_asks_from_the_day_before(served):
    emulator, server, token = served
    emulator.dataset.respace(timedelta(hours=1))  # contact i changed at BASE_TIME + i hours
    since = BASE_TIME + timedelta(hours=30, minutes=30)  # day 2, 06:30
    same_day = search(server, token, {"query": {"field": "updated_at", "operator": ">",
                                                "value": int(since.timestamp())}})
    assert same_day["data"][0]["id"] == remote_id("contacts", 48)  # Intercom skips to the next day (index 48 = day 3)
    contacts = read(server, token, ("contacts",), {"contacts": since})["contacts"]
    assert contacts.column("id").to_pylist() == [remote_id("contacts", i) for i in range(31, 320)]


def test_an_increment_reads_changed_contacts_and_conversations_only(served):
    emulator, server, token = served
    emulator.dataset.respace(timedelta(days=2))  # further apart than the day the search asks for in advance
    for name in ("contacts", "conversations"):
        emulator.dataset[name].update([3, 40])
    since = BASE_TIME + timedelta(days=2 * 500)
    tables = read(server, token, ("contacts", "conversations"), {"contacts": since, "conversations": since})
    for name in ("contacts", "conversations"):
        assert sorted(tables[name].column("id").to_pylist()) == [remote_id(name, 3), remote_id(name, 40)]


def test_companies_are_scrolled_until_an_empty_answer(served):
    emulator, server, token = served
    emulator.dataset.max_page_size = 7
    companies = read(server, token, ("companies",))["companies"]
    assert companies.num_rows == 120 and emulator.dataset.pages_cut["companies"] == 19  # 18 full pages, 1 short, 1 empty


def test_a_429_is_waited_out_until_intercoms_reset_time(served):
    emulator, server, token = served
    emulator.faults.configure(rate_limit_every=2, retry_after_seconds=1)  # every second request: 429
    conversations = read(server, token, ("conversations",))["conversations"]
    assert conversations.num_rows == 170
    assert emulator.faults.served["rate_limit"] >= 1 and emulator.faults.early_retries == 0


def test_a_reset_far_away_ends_the_read_at_once_saying_when(served):
    emulator, server, token = served
    emulator.faults.configure(rate_limit_every=1, retry_after_seconds=3600)
    with pytest.raises(Exception) as failed:
        read(server, token, ("contacts",))
    spent = failed.value
    while spent is not None and not isinstance(spent, ProviderRateLimited):
        spent = spent.__cause__ or spent.__context__
    assert spent is not None and "in 3600 s" in str(spent)
    assert emulator.faults.requests == 1


def test_every_request_names_the_api_version(served):
    emulator, server, token = served
    refused = httpx.get(server.url + "/admins", headers={"Authorization": f"Bearer {token}",
                                                         "Intercom-Version": "9.9"})
    assert refused.status_code == 400 and refused.json()["errors"][0]["code"] == "intercom_version_invalid"
    assert read(server, token, ("admins",))["admins"].num_rows == 4  # the source's version is one Intercom has
