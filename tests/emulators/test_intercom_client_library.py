"""Intercom's own Python SDK (python-intercom 5) drives the Intercom emulator: it pages contact and
conversation searches by ``starting_after`` cursors, reads a contact by id, walks the companies scroll with
its pager, reads the authorizing admin, the teammates and the data attributes, raises its error classes on
Intercom's error bodies, and retries a 429 after the wait the emulator's headers name when a request asks
for retries (it makes none by default).

The SDK is pointed at the emulator with ``base_url``. Its search pagers (5.0.1) ask for the first page again
instead of passing ``pages.next.starting_after`` on, so they never end; the tests page searches through the
SDK's search method with ``StartingAfterPaging(starting_after=...)`` themselves, as Intercom documents.
Its retries sleep with ``time.sleep`` and read ``X-RateLimit-Reset`` against ``time.time``; the 429 test
gives its HTTP module a clock it moves by hand, the same clock the emulator's rate window reads, so nothing
waits on real time.
"""

from __future__ import annotations

import httpx
import pytest
from intercom import Intercom
from intercom.core import http_client
from intercom.core.api_error import ApiError
from intercom.errors import UnauthorizedError
from intercom.types import MultipleFilterSearchRequest, SingleFilterSearchRequest, StartingAfterPaging

from glue_emulators import intercom
from glue_emulators.server import EmulatorServer
from tests.emulators.manual_clock import ManualClock, SleepingTime
from tests.emulators.served import server, no_faults  # noqa: F401 (fixtures)

COUNTS = {"contacts": 130, "companies": 120, "conversations": 70, "admins": 4}
EVERYTHING = SingleFilterSearchRequest(field="updated_at", operator=">", value=0)


@pytest.fixture(scope="module")
def emulator():
    return intercom.create_emulator(COUNTS)


@pytest.fixture
def client(emulator, server):
    return Intercom(token=emulator.oauth.mint()["access_token"], base_url=server.url)


def search_pages(search, query, per_page: int) -> list[list]:
    """Every page of a search, each asked with the cursor of the one before."""
    pages, cursor = [], None
    while True:
        answer = search(query=query, pagination=StartingAfterPaging(per_page=per_page, starting_after=cursor))
        pages.append(answer.items)
        following = answer.response.pages.next if answer.response.pages else None
        if following is None or not following.starting_after:
            return pages
        cursor = following.starting_after


def live_ids(server, name: str) -> set[str]:
    return set(httpx.get(f"{server.url}/_emulator/records/{name}").json()["records"])


def test_contact_search_pages_by_starting_after_to_the_end(client, server):
    pages = [[contact.id for contact in page] for page in search_pages(client.contacts.search, EVERYTHING, 25)]
    assert [len(p) for p in pages] == [25, 25, 25, 25, 25, 5]
    ids = [i for page in pages for i in page]
    assert len(ids) == len(set(ids)) and set(ids) == live_ids(server, "contacts")


def test_a_contact_reads_by_id_as_the_search_shows_it(client):
    listed = search_pages(client.contacts.search, EVERYTHING, 10)[1][3]
    found = client.contacts.find(listed.id)
    assert found.id == listed.id and found.email == listed.email and found.updated_at == listed.updated_at
    with pytest.raises(ApiError) as missing:
        client.contacts.find("000000000000000000000000")
    assert missing.value.status_code == 404
    assert missing.value.body["errors"] == [{"code": "not_found", "message": "Contact Not Found"}]


def test_a_combined_search_finds_exactly_the_changed_contacts(client, server):
    every = [c for page in search_pages(client.contacts.search, EVERYTHING, 150) for c in page]
    before = max(c.updated_at for c in every)
    changed = httpx.post(f"{server.url}/_emulator/changes/update",
                         json={"object": "contacts", "indices": [4, 60, 129]}).json()["ids"]
    query = MultipleFilterSearchRequest(operator="AND", value=[
        SingleFilterSearchRequest(field="updated_at", operator=">", value=before),
        SingleFilterSearchRequest(field="role", operator="=", value="user"),
    ])
    found = {c.id for page in search_pages(client.contacts.search, query, 2) for c in page}
    users = {c.id for c in every if c.role == "user"}
    assert found == set(changed) & users and found


def test_conversation_search_pages_see_every_conversation_once(client, server):
    conversations = [c for page in search_pages(client.conversations.search, EVERYTHING, 20) for c in page]
    ids = [c.id for c in conversations]
    assert len(ids) == len(set(ids)) and set(ids) == live_ids(server, "conversations")


def test_the_companies_scroll_pager_runs_to_its_empty_page(client, server):
    ids = [company.id for company in client.companies.scroll()]
    assert len(ids) == len(set(ids)) and set(ids) == live_ids(server, "companies")


def test_the_authorizing_admin_teammates_and_data_attributes(client, server):
    me = client.admins.identify()
    assert me.email and me.app.id_code
    admins = client.admins.list().admins
    assert {str(a.id) for a in admins} == live_ids(server, "admins") and me.id in {a.id for a in admins}
    attributes = client.data_attributes.list(model="contact").data
    assert {"plan", "seats"} <= {a.name for a in attributes if a.custom}
    assert all(a.model == "contact" for a in attributes)


def test_errors_raise_the_sdks_classes_with_intercoms_body(client, server):
    # The SDK has a class for each status an endpoint declares (search and admins: 401), ApiError otherwise.
    with pytest.raises(ApiError) as bad:
        client.contacts.search(query=SingleFilterSearchRequest(field="updated_at", operator="~~", value=0))
    assert bad.value.status_code == 400 and bad.value.body["type"] == "error.list"
    assert bad.value.body["errors"][0]["code"] == "parameter_invalid"
    with pytest.raises(UnauthorizedError) as refused:
        Intercom(token="not-a-token", base_url=server.url).admins.list()
    assert refused.value.body.errors[0].code == "unauthorized"  # parsed into the SDK's Error model
    with pytest.raises(ApiError) as missing:  # a route Intercom has, but this emulator does not serve
        client.tags.list()
    assert missing.value.status_code == 404 and missing.value.body["errors"][0]["code"] == "not_found"


def test_a_spent_minute_raises_429_and_the_sdk_retries_once_the_window_has_reset(monkeypatch):
    clock = ManualClock(start=1_800_000_000.0)  # epoch seconds: the reset header names a wall-clock time
    emulator = intercom.create_emulator({"admins": 2}, per_minute=2, clock=clock)
    faked = SleepingTime(clock)
    monkeypatch.setattr(http_client, "time", faked)
    with EmulatorServer(emulator.app) as server:
        token = emulator.oauth.mint()["access_token"]
        no_retry = Intercom(token=token, base_url=server.url)
        assert [len(no_retry.admins.list().admins) for _ in range(2)] == [2, 2]
        with pytest.raises(ApiError) as refused:
            no_retry.admins.list()
        assert refused.value.status_code == 429 and refused.value.body["errors"][0]["code"] == "rate_limit_exceeded"
        reset = int(refused.value.headers["x-ratelimit-reset"])
        assert refused.value.headers["x-ratelimit-remaining"] == "0" and reset > clock()

        # The SDK counts retries from 2 (5.0.1), so max_retries=3 buys one retry.
        assert len(no_retry.admins.list(request_options={"max_retries": 3}).admins) == 2
        assert faked.slept and clock() >= reset  # it slept until the window named in the headers had reset
