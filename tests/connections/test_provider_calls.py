"""Calls to a connection's provider (glue_api.connections.provider_calls) against the HubSpot emulator:
what a provider folder's reader gets, and how every failure becomes the caller's one error."""

from __future__ import annotations

import httpx
import pytest

from glue_api.connections.provider_calls import ProviderCall
from glue_api.errors import RemoteProviderError
from glue_emulators.hubspot import create_emulator
from glue_emulators.server import EmulatorServer
from glue_providers import registry


@pytest.fixture
def hubspot():
    emulator = create_emulator({"contacts": 2, "owners": 2})
    with EmulatorServer(emulator.app) as server, httpx.Client(timeout=30) as http:
        token = emulator.oauth.mint("client", [])["access_token"]
        yield lambda access_token=token: ProviderCall(registry.get("hubspot"), server.url,
                                                      {"access_token": access_token}, http, RemoteProviderError)


def test_a_reader_gets_the_json_of_the_connections_api(hubspot):
    owners = hubspot().read(lambda get_json: get_json("/crm/v3/owners", limit=1)["results"])

    assert len(owners) == 1 and owners[0]["id"]


def test_an_answer_shaped_unlike_the_documentation_is_the_providers_failure(hubspot):
    with pytest.raises(RemoteProviderError) as failed:
        hubspot().read(lambda get_json: get_json("/crm/v3/owners")["no such key"])

    assert failed.value.status_code == 499 and "KeyError" in failed.value.detail


def test_a_refused_token_is_the_callers_failure_without_the_token(hubspot):
    with pytest.raises(RemoteProviderError) as failed:
        hubspot("not-a-token").get_json("/crm/v3/owners")

    assert "401" in failed.value.detail and "not-a-token" not in failed.value.detail
