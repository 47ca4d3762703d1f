"""simple-salesforce, the common Python client of Salesforce's REST API, drives the Salesforce emulator.

simple-salesforce always builds ``https://{instance}`` URLs from ``instance_url``; the emulator
serves plain HTTP on loopback. The client accepts a ``requests`` session, so the tests give it one
whose adapter for the emulator's address sends the same request over http. Everything else
(URLs, headers, paging, error mapping) is the client's own. Retries come from that adapter's
urllib3 ``Retry``, the way a simple-salesforce user adds them.
"""

from __future__ import annotations

import httpx
import pytest
import requests
from requests.adapters import HTTPAdapter
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import (
    SalesforceExpiredSession, SalesforceGeneralError, SalesforceMalformedRequest, SalesforceResourceNotFound,
)
from urllib3.util import Retry

from glue_emulators.salesforce import create_emulator
from glue_emulators.server import EmulatorServer

COUNTS = {"Account": 40, "Contact": 450, "User": 5}
VERSION = "59.0"
SMALL_BATCHES = {"Sforce-Query-Options": "batchSize=200"}


class PlainHttpAdapter(HTTPAdapter):
    """Sends the client's https:// requests for the emulator's address over http."""

    def send(self, request, **kwargs):
        request.url = "http://" + request.url.removeprefix("https://")
        return super().send(request, **kwargs)


def client_for(server, token: str, retry: Retry | None = None) -> Salesforce:
    session = requests.Session()
    session.mount(f"https://127.0.0.1:{server.port}", PlainHttpAdapter(max_retries=retry or Retry(total=False)))
    return Salesforce(instance_url=server.url, session_id=token, session=session, version=VERSION)


@pytest.fixture(scope="module")
def emulator():
    return create_emulator(COUNTS)


@pytest.fixture(scope="module")
def server(emulator):
    with EmulatorServer(emulator.app) as running:
        yield running


@pytest.fixture
def sf(emulator, server):
    return client_for(server, emulator.oauth.mint()["access_token"])


@pytest.fixture(autouse=True)
def no_faults(emulator):
    yield
    emulator.faults.configure(rate_limit_every=0, unauthorized=False)


def live_ids(server, name: str) -> set[str]:
    return set(httpx.get(f"{server.url}/_emulator/records/{name}").json()["records"])


def test_query_and_query_more_page_to_the_end(sf, server):
    page = sf.query("SELECT Id, LastName FROM Contact ORDER BY SystemModstamp, Id", headers=SMALL_BATCHES)
    seen, pages = [r["Id"] for r in page["records"]], 1
    while not page["done"]:
        page = sf.query_more(page["nextRecordsUrl"], identifier_is_url=True)
        seen += [r["Id"] for r in page["records"]]
        pages += 1
    assert pages == 3 and page["totalSize"] == COUNTS["Contact"]
    assert len(seen) == len(set(seen)) == COUNTS["Contact"]
    assert set(seen) == live_ids(server, "Contact")


def test_query_all_sees_deleted_records_and_query_does_not(sf, server):
    deleted = httpx.post(f"{server.url}/_emulator/changes/delete", json={"object": "Account", "indices": [2, 9]}
                         ).json()["ids"]
    everything = sf.query_all("SELECT Id, IsDeleted FROM Account", include_deleted=True)
    assert everything["totalSize"] == COUNTS["Account"]
    assert sorted(r["Id"] for r in everything["records"] if r["IsDeleted"]) == sorted(deleted)
    live = [r["Id"] for r in sf.query_all_iter("SELECT Id FROM Account")]
    assert set(live) == live_ids(server, "Account") and not set(live) & set(deleted)


def test_a_soql_filter_selects_exactly_the_changed_records(sf, server):
    changed = httpx.post(f"{server.url}/_emulator/changes/update",
                         json={"object": "Contact", "indices": [5, 300, 449]}).json()["ids"]
    found = sf.query_all("SELECT Id FROM Contact WHERE SystemModstamp >= 2025-01-01T00:00:00Z "
                         "ORDER BY SystemModstamp, Id")
    assert [r["Id"] for r in found["records"]] == changed


def test_a_record_reads_by_id_and_its_lookup_resolves(sf, server):
    contact_id = sorted(live_ids(server, "Contact"))[7]
    contact = sf.Contact.get(contact_id)
    assert contact["Id"] == contact_id and contact["attributes"]["type"] == "Contact"
    assert {"LastName", "AccountId", "SystemModstamp"} <= set(contact)
    account = sf.Account.get(contact["AccountId"])  # a lookup names a record the org has
    assert account["Id"] == contact["AccountId"] and account["Name"]
    trimmed = sf.Contact.get(contact_id[:15], params={"fields": "Id,LastName"})  # 15-character ids work too
    assert set(trimmed) == {"attributes", "Id", "LastName"} and trimmed["LastName"] == contact["LastName"]
    assert sf.Contact.describe()["name"] == "Contact"


def test_unknown_ids_and_fields_raise_the_clients_errors(sf):
    with pytest.raises(SalesforceResourceNotFound) as missing:
        sf.Contact.get("003Dx00000ZZZZZZZZ")
    assert missing.value.content[0]["errorCode"] == "NOT_FOUND"
    with pytest.raises(SalesforceMalformedRequest) as bad_field:
        sf.query("SELECT NoSuchField__x FROM Contact")
    assert bad_field.value.status == 400


def test_a_bad_session_raises_expired_session(server):
    with pytest.raises(SalesforceExpiredSession) as raised:
        client_for(server, "not-a-session").query("SELECT Id FROM Contact")
    assert raised.value.content[0]["errorCode"] == "INVALID_SESSION_ID"


def test_a_retrying_session_waits_out_a_429(emulator, server):
    token = emulator.oauth.mint()["access_token"]
    emulator.faults.configure(rate_limit_every=2, retry_after_seconds=0.3)
    refusals = []
    plain = client_for(server, token)
    for _ in range(2):
        try:
            plain.query("SELECT Id FROM User")
        except SalesforceGeneralError as exc:
            refusals.append(exc.status)
    assert refusals == [429]  # the fault is real: one call in two is refused

    retrying = client_for(server, token, Retry(total=3, status_forcelist=(429,), backoff_factor=0))
    before = emulator.faults.requests
    answers = [retrying.query("SELECT Id FROM User") for _ in range(2)]
    assert [a["totalSize"] for a in answers] == [COUNTS["User"]] * 2
    assert emulator.faults.requests - before >= 3  # at least one call was refused, waited out and retried
