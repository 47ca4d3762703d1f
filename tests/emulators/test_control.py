"""The emulators' shared control API, as the provider contract suite uses it: records with their
fields, shorter pages, records spaced further apart, faults served and early retries, sessions ended."""

from __future__ import annotations

from datetime import timedelta

import pytest
from starlette.testclient import TestClient

from glue_emulators.dataset import BASE_TIME
from glue_emulators.faults import Faults
from tests.emulators.manual_clock import ManualClock

EMULATORS = {"hubspot": "contacts", "salesforce": "Contact", "pipedrive": "persons"}


@pytest.fixture(params=sorted(EMULATORS))
def emulated(request):
    module = __import__(f"glue_emulators.{request.param}", fromlist=["create_emulator"])
    emulator = module.create_emulator({EMULATORS[request.param]: 12})
    return request.param, emulator, TestClient(emulator.app)


def test_records_come_with_their_fields_as_the_api_shows_them(emulated):
    name, _, client = emulated
    body = client.get(f"/_emulator/records/{EMULATORS[name]}", params={"fields": "true"}).json()
    assert body["count"] == 12 and set(body["fields"]) == set(body["records"])
    client.post("/_emulator/changes/update", json={"object": EMULATORS[name], "indices": [2]})
    again = client.get(f"/_emulator/records/{EMULATORS[name]}", params={"fields": "true"}).json()
    changed = [rid for rid in body["fields"] if again["fields"][rid] != body["fields"][rid]]
    assert len(changed) == 1 and again["records"][changed[0]] == 1
    assert "fields" not in client.get(f"/_emulator/records/{EMULATORS[name]}").json()


def test_a_page_size_cap_is_counted_per_object_and_spacing_applies_before_changes(emulated):
    name, emulator, client = emulated
    answer = client.post("/_emulator/dataset", json={"max_page_size": 5, "spacing_seconds": 120}).json()
    assert answer == {"max_page_size": 5, "pages_cut": {}}
    store = emulator.dataset[EMULATORS[name]]
    assert store.record(3).modified_at == BASE_TIME + timedelta(minutes=6)
    assert emulator.dataset.page_size(store.name, 100) == 5 and emulator.dataset.page_size(store.name, 4) == 4
    assert client.get("/_emulator/dataset").json()["pages_cut"] == {store.name: 1}
    client.post("/_emulator/changes/update", json={"object": store.name, "indices": [0]})
    refused = client.post("/_emulator/dataset", json={"spacing_seconds": 60})
    assert refused.status_code == 409 and store.name in refused.json()["error"]


def test_expired_sessions_refuse_the_access_token_but_not_the_refresh_token(emulated):
    _, emulator, client = emulated
    minted = emulator.oauth.mint()
    client.post("/_emulator/tokens/expire")
    assert emulator.oauth.grant_for(minted["access_token"]) is None
    assert minted["refresh_token"] in emulator.oauth.refresh_grants()


def test_faults_served_and_retries_before_retry_after_are_counted():
    clock = ManualClock()
    faults = Faults(rate_limit_every=3, retry_after_seconds=0.2, server_error_every=5, clock=clock)
    served = [faults.next_fault() for _ in range(3)]
    assert served == [None, None, "rate_limit"]
    clock.advance(0.5)  # Retry-After said 1 (whole seconds, rounded up): this one is early
    assert faults.next_fault() is None
    clock.advance(1)
    assert faults.next_fault() == "server_error"
    assert faults.report() == {"requests": 5, "served": {"rate_limit": 1, "server_error": 1}, "early_retries": 1}
    with pytest.raises(ValueError):
        faults.configure(served={})
