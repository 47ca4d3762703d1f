"""Who authorized a Zendesk Sell or Capsule connection, and _rate_limit_info for both, answered live by their
emulators. Supaglue's spec lets _provider_user_id name only HubSpot, Dynamics and Intercom, so the Management
API refuses these two there (400); their user lookups are checked here as the registry runs them."""

import time

import httpx
import pytest

from glue_emulators.server import EmulatorServer
from glue_providers import registry
from glue_providers.spec import resolve
from tests.pipelines.scenario import connect


@pytest.mark.parametrize("provider,user_id,detail", [("zendesk_sell", "900001", ("role", "admin")),
                                                     ("capsule", "501", ("role", "ADMIN"))])
def test_the_user_lookup_names_the_user_the_token_acts_for(provider, user_id, detail):
    spec = registry.get(provider)
    emulator = spec.emulator.create()
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server:
        def get_json(path: str, **params) -> dict:
            answer = httpx.get(server.url + path, params=params, headers={"Authorization": f"Bearer {token}"})
            answer.raise_for_status()
            return answer.json()

        found = resolve(spec.user_lookup)(get_json, {"access_token": token})
    assert found["user_id"] == user_id and found["raw_details"][detail[0]] == detail[1]


@pytest.mark.parametrize("provider,objects,limit", [("zendesk_sell", ["contacts"], 36_000),
                                                     ("capsule", ["parties"], 4_000)])
def test_rate_limit_info_reports_the_hour(glue, emulators, warehouse_url, provider, objects, limit):
    emulated = emulators(provider, {objects[0]: 3})
    connect(glue, emulated, warehouse_url, objects=objects)
    before = time.time()
    first = glue.mgmt.get(f"/customers/c1/connections/{provider}/_rate_limit_info").json()
    second = glue.mgmt.get(f"/customers/c1/connections/{provider}/_rate_limit_info").json()
    assert set(first) == {"hourly"} and first["hourly"]["limit"] == limit
    assert second["hourly"]["remaining"] == first["hourly"]["remaining"] - 1
    if provider == "zendesk_sell":  # seconds until the hour ends, reported as when it does
        assert before <= first["hourly"]["reset_time"] <= time.time() + 3601
    refused = glue.mgmt.client.get("/mgmt/v2/customers/c1/connections/_provider_user_id",
                                   params={"provider_name": provider}, headers={"x-api-key": glue.mgmt.api_key})
    assert refused.status_code == 400  # not among the spec's providers for this operation
