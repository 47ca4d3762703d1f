"""HubSpot's own Python SDK (hubspot-api-client) drives the HubSpot emulator: what works against
the emulator works against HubSpot, judged by HubSpot's client rather than by Glue's code.

The SDK points at the emulator through its configuration's ``host``.
"""

from __future__ import annotations

import json

import httpx
import pytest
from hubspot import HubSpot
from hubspot.crm.contacts import BatchReadInputSimplePublicObjectId
from hubspot.crm.contacts.exceptions import NotFoundException, UnauthorizedException
from hubspot.crm.deals.exceptions import ApiException
from hubspot.crm.objects import Filter, FilterGroup, PublicObjectSearchRequest
from urllib3.util import Retry

from glue_emulators.hubspot import Limits, create_emulator
from glue_emulators.server import EmulatorServer

COUNTS = {"contacts": 230, "companies": 12, "deals": 40, "owners": 4}
SINCE_2025_MS = "1735689600000"  # 2025-01-01T00:00:00Z: after every generated record, before every change


@pytest.fixture(scope="module")
def emulator():
    return create_emulator(COUNTS, limits=Limits(requests_per_interval=100_000, search_per_second=100_000))


@pytest.fixture(scope="module")
def server(emulator):
    with EmulatorServer(emulator.app) as running:
        yield running


@pytest.fixture
def token(emulator):
    return emulator.oauth.mint()["access_token"]


@pytest.fixture
def hubspot(server, token):
    return HubSpot(access_token=token, host=server.url)


@pytest.fixture(autouse=True)
def no_faults(server):
    yield
    httpx.post(f"{server.url}/_emulator/faults", json={"rate_limit_every": 0, "unauthorized": False})


def live_ids(server, name: str) -> set[str]:
    return set(httpx.get(f"{server.url}/_emulator/records/{name}").json()["records"])


def test_the_sdk_host_setting_reaches_the_emulator(hubspot, server):
    api = hubspot.crm.contacts.basic_api
    assert api.api_client.configuration.host == server.url


def test_listing_pages_to_the_end_sees_every_record_once(hubspot, server):
    seen, after, pages = [], None, 0
    while True:
        page = hubspot.crm.contacts.basic_api.get_page(limit=50, after=after, properties=["email"])
        seen += [contact.id for contact in page.results]
        pages += 1
        if page.paging is None or page.paging.next is None:
            break
        after = page.paging.next.after
    assert pages == 5
    assert len(seen) == len(set(seen)) == COUNTS["contacts"]
    assert set(seen) == live_ids(server, "contacts")
    everything = hubspot.crm.companies.get_all()  # the SDK's own pager
    assert sorted(c.id for c in everything) == sorted(live_ids(server, "companies"))


def test_a_record_reads_by_id_with_properties_and_associations(hubspot):
    contact = hubspot.crm.contacts.basic_api.get_page(limit=1).results[0]
    read = hubspot.crm.contacts.basic_api.get_by_id(contact.id, properties=["email", "firstname"],
                                                    associations=["companies"])
    assert read.id == contact.id and set(read.properties) == {"email", "firstname"}
    company_ids = {a.id for a in read.associations["companies"].results}
    assert len(company_ids) == 1
    company = hubspot.crm.companies.basic_api.get_by_id(company_ids.pop())
    assert company.properties["name"]


def test_owners_page_and_read_by_id_and_user_id(hubspot, server):
    owners = hubspot.crm.owners.owners_api.get_page(limit=3)
    assert owners.paging.next.after
    rest = hubspot.crm.owners.owners_api.get_page(limit=3, after=owners.paging.next.after)
    listed = owners.results + rest.results
    assert sorted(o.id for o in listed) == sorted(live_ids(server, "owners"))
    owner = hubspot.crm.owners.owners_api.get_by_id(int(listed[1].id))
    assert owner.email == listed[1].email
    by_user = hubspot.crm.owners.owners_api.get_by_id(listed[1].user_id, id_property="userId")
    assert by_user.id == listed[1].id


def test_an_unknown_id_raises_the_sdks_not_found_with_hubspots_body(hubspot):
    with pytest.raises(NotFoundException) as raised:
        hubspot.crm.contacts.basic_api.get_by_id("999999999")
    body = json.loads(raised.value.body)
    assert body["status"] == "error" and body["category"] == "OBJECT_NOT_FOUND" and body["correlationId"]


def test_a_batch_read_returns_the_asked_records(hubspot, server):
    ids = sorted(live_ids(server, "deals"))[:5]
    answer = hubspot.crm.deals.batch_api.read(
        BatchReadInputSimplePublicObjectId(inputs=[{"id": i} for i in ids], properties=["dealname"],
                                           properties_with_history=[]))
    assert answer.status == "COMPLETE"
    assert sorted(r.id for r in answer.results) == ids
    assert all(set(r.properties) == {"dealname"} for r in answer.results)


def test_search_with_a_filter_finds_exactly_the_changed_records(hubspot, server):
    changed = httpx.post(f"{server.url}/_emulator/changes/update",
                         json={"object": "contacts", "indices": [3, 70, 150, 229]}).json()["ids"]
    request = PublicObjectSearchRequest(
        filter_groups=[FilterGroup(filters=[Filter(property_name="lastmodifieddate", operator="GTE",
                                                   value=SINCE_2025_MS)])],
        sorts=[{"propertyName": "lastmodifieddate", "direction": "ASCENDING"}],
        properties=["email"], limit=3)
    found, after = [], None
    while True:
        request.after = after
        page = hubspot.crm.contacts.search_api.do_search(public_object_search_request=request)
        assert page.total == len(changed)
        found += [c.id for c in page.results]
        if page.paging is None or page.paging.next is None:
            break
        after = page.paging.next.after
    assert found == changed  # each change is newer than the last: ascending order is change order


def test_v4_associations_page_through_a_records_links(hubspot, server):
    api = hubspot.crm.associations.v4.basic_api
    company_id = sorted(live_ids(server, "companies"), key=int)[0]
    linked, after = [], None
    while True:
        page = api.get_page("companies", company_id, "contacts", after=after, limit=7)
        linked += [str(a.to_object_id) for a in page.results]
        assert all(t.category == "HUBSPOT_DEFINED" for a in page.results for t in a.association_types)
        if page.paging is None or page.paging.next is None:
            break
        after = page.paging.next.after
    assert len(linked) == len(set(linked)) == COUNTS["contacts"] // COUNTS["companies"] + 1  # 230 over 12
    # both directions agree: each of those contacts names this company
    contact = hubspot.crm.contacts.basic_api.get_by_id(linked[-1], associations=["companies"])
    assert {a.id for a in contact.associations["companies"].results} == {company_id}


def test_a_bad_token_raises_the_sdks_unauthorized(server):
    client = HubSpot(access_token="not-a-token", host=server.url)
    with pytest.raises(UnauthorizedException) as raised:
        client.crm.contacts.basic_api.get_page(limit=1)
    assert json.loads(raised.value.body)["category"] == "INVALID_AUTHENTICATION"


def test_the_sdks_retry_waits_out_a_429_and_succeeds(server, token, emulator):
    httpx.post(f"{server.url}/_emulator/faults", json={"rate_limit_every": 2, "retry_after_seconds": 0.4})
    # urllib3 retries a 429 that carries Retry-After by default: switch that off to see the refusal itself
    without_retry = HubSpot(access_token=token, host=server.url, retry=Retry(total=False))
    answers = []
    for _ in range(2):
        try:
            answers.append(len(without_retry.crm.deals.basic_api.get_page(limit=5).results))
        except ApiException as exc:
            answers.append(exc.status)
    assert 429 in answers  # the fault is real: one of two calls is refused

    retrying = HubSpot(access_token=token, host=server.url,
                       retry=Retry(total=3, status_forcelist=(429,), backoff_factor=0,
                                   respect_retry_after_header=True))
    before = emulator.faults.requests
    pages = [retrying.crm.deals.basic_api.get_page(limit=5) for _ in range(2)]
    assert [len(p.results) for p in pages] == [5, 5]
    # every second request is refused, so at least one of the two calls was refused, waited out and retried
    assert emulator.faults.requests - before >= 3
    assert emulator.faults.served == {"rate_limit": 2}  # one 429 refused above, one waited out here
