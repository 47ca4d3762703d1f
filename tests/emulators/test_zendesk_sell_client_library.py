"""Zendesk Sell's own Python client (basecrm) drives the Zendesk Sell emulator: it lists contacts, leads,
deals and users page by page, reads one record, reads who the token acts for, and turns the emulator's
error bodies into its RequestError, ResourceError and RateLimitError.

The client is pointed at the emulator with ``base_url``. It checks the access token before sending anything
(64 characters, as Sell issues them), which is why the emulator mints tokens of that shape. It has no pager
of its own: a reader asks for the next page until one comes back empty. It never retries a 429; the tests
wait out ``Retry-After`` on a clock they move by hand.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import basecrm
import httpx
import pytest
from basecrm.errors import ConfigurationError, RateLimitError, RequestError, ResourceError

from glue_emulators import zendesk_sell
from glue_emulators.server import EmulatorServer
from tests.emulators.manual_clock import ManualClock
from tests.emulators.served import server, no_faults  # noqa: F401 (fixtures)

COUNTS = {"contacts": 130, "leads": 45, "deals": 60, "users": 5}
CLIENT_ID, CLIENT_SECRET = "sell-client", "sell-secret"
REDIRECT = "https://glue.test/oauth/callback"


@pytest.fixture(scope="module")
def emulator():
    made = zendesk_sell.create_emulator(COUNTS)
    made.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    return made


@pytest.fixture
def sell(emulator, server):
    return basecrm.Client(access_token=emulator.oauth.mint(CLIENT_ID)["access_token"], base_url=server.url)


def every_page(service, per_page: int, **params) -> list[list]:
    pages, page = [], 1
    while True:
        records = service.list(page=page, per_page=per_page, **params)
        if not records:
            return pages
        pages.append(records)
        page += 1


def live_ids(server, name: str) -> set[str]:
    return set(httpx.get(f"{server.url}/_emulator/records/{name}").json()["records"])


def test_a_token_from_sells_oauth_server_passes_the_clients_own_check(server):
    query = {"client_id": CLIENT_ID, "redirect_uri": REDIRECT, "response_type": "code", "state": "s1",
             "scope": "read"}
    approved = httpx.post(f"{server.url}/oauth2/authorize", params=query, data={**query, "decision": "approve"})
    code = parse_qs(urlsplit(approved.headers["location"]).query)["code"][0]
    tokens = httpx.post(f"{server.url}/oauth2/token", auth=(CLIENT_ID, CLIENT_SECRET),
                        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}).json()
    client = basecrm.Client(access_token=tokens["access_token"], base_url=server.url)  # checks the token's shape
    assert client.users.self().id
    refreshed = httpx.post(f"{server.url}/oauth2/token", auth=(CLIENT_ID, CLIENT_SECRET),
                           data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}).json()
    assert basecrm.Client(access_token=refreshed["access_token"], base_url=server.url).users.list()
    with pytest.raises(ConfigurationError):  # what the client says of a token Sell would never issue
        basecrm.Client(access_token="at-short", base_url=server.url)


@pytest.mark.parametrize(("name", "per_page", "sizes"), [
    ("contacts", 50, [50, 50, 30]), ("leads", 20, [20, 20, 5]), ("deals", 25, [25, 25, 10]), ("users", 2, [2, 2, 1]),
])
def test_lists_page_to_the_end_and_each_record_arrives_once(sell, server, name, per_page, sizes):
    pages = every_page(getattr(sell, name), per_page)
    assert [len(p) for p in pages] == sizes
    ids = [str(record.id) for page in pages for record in page]
    assert len(ids) == len(set(ids)) and set(ids) == live_ids(server, name)


def test_contacts_filter_people_from_organisations_and_sort_by_updated_at(sell, server):
    organisations = [c for p in every_page(sell.contacts, 100, is_organization="true") for c in p]
    people = [c for p in every_page(sell.contacts, 100, is_organization="false") for c in p]
    assert organisations and all(o.is_organization and o.name for o in organisations)
    assert len(organisations) + len(people) == COUNTS["contacts"] and not any(p.is_organization for p in people)
    changed = httpx.post(f"{server.url}/_emulator/changes/update",
                         json={"object": "contacts", "indices": [11, 90]}).json()["ids"]
    newest = sell.contacts.list(page=1, per_page=2, sort_by="updated_at:desc")
    assert [str(c.id) for c in newest] == changed[::-1]


def test_a_record_reads_by_id_and_deals_carry_a_decimal_value(sell, server):
    deal = sell.deals.list(page=2, per_page=10)[3]
    read = sell.deals.retrieve(deal.id)
    assert read == deal and isinstance(read.value, Decimal)  # the client coerces the money value
    stage_ids = {stage.id for stage in sell.stages.list()}
    assert read.stage_id in stage_ids
    person = [c for c in sell.contacts.list(page=1, per_page=10) if not c.is_organization][0]
    assert sell.contacts.retrieve(person.id).contact_id == person.contact_id
    assert sell.leads.retrieve(sell.leads.list(page=1, per_page=1)[0].id).last_name


def test_users_self_is_the_token_owner(sell):
    me = sell.users.self()
    assert me.id == sell.users.list(page=1, per_page=1)[0].id and me.email


def test_errors_parse_into_the_clients_error_classes(sell, emulator, server):
    with pytest.raises(RequestError) as missing:
        sell.deals.retrieve(999_999_999)
    assert missing.value.http_status == 404 and missing.value.errors[0].code == "not_found"
    assert missing.value.logref
    with pytest.raises(ResourceError) as bad:
        sell.contacts.list(per_page=101)
    assert bad.value.http_status == 422 and bad.value.errors[0].code == "invalid_param"
    expired = basecrm.Client(access_token="f" * 64, base_url=server.url)
    with pytest.raises(RequestError) as refused:
        expired.users.self()
    assert refused.value.http_status == 401 and refused.value.errors[0].code == "unauthorized"


def test_a_spent_hour_raises_rate_limit_error_until_retry_after_has_passed():
    clock = ManualClock()
    emulator = zendesk_sell.create_emulator({"users": 2}, hourly_limit=2, clock=clock)
    with EmulatorServer(emulator.app) as server:
        token = emulator.oauth.mint()["access_token"]
        sell = basecrm.Client(access_token=token, base_url=server.url)
        assert [len(sell.users.list()) for _ in range(2)] == [2, 2]
        with pytest.raises(RateLimitError):
            sell.users.list()
        refused = httpx.get(f"{server.url}/v2/users", headers={"Authorization": f"Bearer {token}"})
        wait = int(refused.headers["Retry-After"])
        assert refused.status_code == 429 and refused.headers["x-ratelimit-remaining"] == "0"
        assert 0 < wait <= 3600
        clock.advance(wait)
        assert len(sell.users.list()) == 2
