"""pipedrive-python-lib, a Python client of Pipedrive's API, drives the Pipedrive emulator.

The library takes the company domain as its base (``Client(domain=...)``, any scheme, so the
emulator's http://127.0.0.1 works) and speaks API v1 there: leads and users go through its own
methods. It has no v2 methods, so persons, organizations and deals (served on API v2, as Glue
reads them) go through its request layer (``Client._get``): the same bearer header, JSON parsing
and status-to-exception mapping. The library never retries; a 429 raises TooManyRequestsError,
and the tests wait out its ``Retry-After`` on a clock they move by hand.
"""

from __future__ import annotations

import httpx
import pytest
from pipedrive.client import Client
from pipedrive.exceptions import BadRequestError, NotFoundError, TooManyRequestsError, UnauthorizedError

from glue_emulators.pipedrive import create_emulator
from glue_emulators.server import EmulatorServer
from tests.emulators.manual_clock import ManualClock

COUNTS = {"persons": 130, "organizations": 30, "deals": 90, "leads": 45, "users": 6}


@pytest.fixture(scope="module")
def emulator():
    return create_emulator(COUNTS)


@pytest.fixture(scope="module")
def server(emulator):
    with EmulatorServer(emulator.app) as running:
        yield running


@pytest.fixture
def pipedrive(emulator, server):
    client = Client(domain=server.url)
    client.set_access_token(emulator.oauth.mint()["access_token"])
    return client


def live_ids(server, name: str) -> set[str]:
    return set(httpx.get(f"{server.url}/_emulator/records/{name}").json()["records"])


def v2(pipedrive: Client, server, path: str, **params) -> dict:
    return pipedrive._get(f"{server.url}/api/v2/{path}", params=params or None)


def every_v2_record(pipedrive: Client, server, name: str, **params) -> list[dict]:
    records, cursor = [], None
    while True:
        page = v2(pipedrive, server, name, limit=40, **params, **({"cursor": cursor} if cursor else {}))
        records += page["data"]
        cursor = page["additional_data"]["next_cursor"]
        if cursor is None:
            return records


def test_the_library_points_at_the_emulator(pipedrive, server):
    assert pipedrive.BASE_URL == f"{server.url}/v1/"


@pytest.mark.parametrize("name", ["persons", "organizations", "deals"])
def test_v2_lists_page_to_the_end_and_each_record_reads_by_id(pipedrive, server, name):
    records = every_v2_record(pipedrive, server, name)
    ids = [str(r["id"]) for r in records]
    assert len(ids) == len(set(ids)) and set(ids) == live_ids(server, name)
    one = v2(pipedrive, server, f"{name}/{records[-1]['id']}")
    assert one["success"] is True and one["data"] == records[-1]


def test_v1_leads_page_to_the_end_through_the_librarys_own_methods(pipedrive, server):
    seen, start = [], 0
    while True:
        page = pipedrive.leads.get_all_leads(params={"start": start, "limit": 10})
        seen += [lead["id"] for lead in page["data"]]
        if not page["additional_data"]["more_items_in_collection"]:
            break
        start += 10
    assert len(seen) == len(set(seen)) == COUNTS["leads"] and set(seen) == live_ids(server, "leads")
    lead = pipedrive.leads.get_lead(seen[17])
    assert lead["data"]["id"] == seen[17]


def test_users_list_and_read_by_id_and_me(pipedrive):
    users = pipedrive.users.get_all_users()["data"]
    assert len(users) == COUNTS["users"]
    assert pipedrive.users.get_user(users[2]["id"])["data"] == users[2]
    me = pipedrive.users.get_me()["data"]
    assert me["is_you"] is True and me["id"] == users[0]["id"]


def test_filters_select_what_they_name(pipedrive, server):
    won = every_v2_record(pipedrive, server, "deals", status="won")
    assert won and all(d["status"] == "won" for d in won)
    assert len(won) == sum(d["status"] == "won" for d in every_v2_record(pipedrive, server, "deals"))
    changed = httpx.post(f"{server.url}/_emulator/changes/update",
                         json={"object": "persons", "indices": [4, 77, 129]}).json()["ids"]
    recent = every_v2_record(pipedrive, server, "persons", updated_since="2025-01-01T00:00:00Z",
                             sort_by="update_time")
    assert [str(p["id"]) for p in recent] == changed
    archived = pipedrive.leads.get_all_leads(params={"archived_status": "archived", "limit": 500})["data"]
    assert archived and all(lead["is_archived"] for lead in archived)
    with pytest.raises(BadRequestError):
        v2(pipedrive, server, "deals", status="misplaced")


def test_unknown_ids_raise_not_found_with_pipedrives_body(pipedrive, server):
    with pytest.raises(NotFoundError) as missing:
        v2(pipedrive, server, "deals/999999")
    assert missing.value.response.json()["success"] is False
    with pytest.raises(NotFoundError):
        pipedrive.leads.get_lead("00000000-0000-0000-0000-000000000000")
    with pytest.raises(NotFoundError):
        pipedrive.activities.get_all_activities()  # a route the emulator does not serve: still JSON


def test_a_bad_token_raises_unauthorized(server):
    client = Client(domain=server.url)
    client.set_access_token("not-a-token")
    with pytest.raises(UnauthorizedError) as raised:
        client.users.get_all_users()
    assert raised.value.response.json()["errorCode"] == 401


def test_a_spent_rate_window_raises_too_many_requests_until_retry_after_has_passed():
    clock = ManualClock()
    emulator = create_emulator({"persons": 3, "users": 2}, rate_limit=2, rate_window_seconds=2.0, clock=clock)
    with EmulatorServer(emulator.app) as server:
        client = Client(domain=server.url)
        client.set_access_token(emulator.oauth.mint()["access_token"])
        assert [len(client.users.get_all_users()["data"]) for _ in range(2)] == [2, 2]
        clock.advance(0.25)
        with pytest.raises(TooManyRequestsError) as refused:
            client.users.get_all_users()
        wait = int(refused.value.response.headers["Retry-After"])  # delay-seconds: a whole number
        assert wait == 2
        clock.advance(wait)
        assert len(client.users.get_all_users()["data"]) == 2
