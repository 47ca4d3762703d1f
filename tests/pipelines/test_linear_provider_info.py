"""Linear's _rate_limit_info and its user lookup, answered live by the emulator over GraphQL (POST /graphql)."""

import time

import httpx

from glue_emulators.server import EmulatorServer
from glue_providers import registry
from glue_providers.spec import resolve
from tests.pipelines.scenario import connect


class GraphQLReads:
    """What the registry hands a reader: GETs when called, POSTs with ``post``."""

    def __init__(self, base_url: str, token: str):
        self.base_url, self.headers = base_url, {"Authorization": f"Bearer {token}"}

    def __call__(self, path: str, **params) -> dict:
        raise AssertionError("Linear's API is GraphQL: nothing is read with GET")

    def post(self, path: str, body: dict) -> dict:
        answer = httpx.post(self.base_url + path, json=body, headers=self.headers)
        answer.raise_for_status()
        return answer.json()


def test_the_user_lookup_names_the_viewer():
    spec = registry.get("linear")
    emulator = spec.emulator.create()
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server:
        found = resolve(spec.user_lookup)(GraphQLReads(server.url, token), {"access_token": token})
        viewer = GraphQLReads(server.url, token).post("/graphql", {"query": "{ viewer { id email } }"})
    assert found["user_id"] == viewer["data"]["viewer"]["id"]
    assert found["raw_details"]["email"] == viewer["data"]["viewer"]["email"]


def test_a_refused_token_finds_no_user():
    spec = registry.get("linear")
    emulator = spec.emulator.create()
    with EmulatorServer(emulator.app) as server:
        try:
            resolve(spec.user_lookup)(GraphQLReads(server.url, "not-a-token"), {})
        except httpx.HTTPStatusError as refused:
            assert refused.response.status_code == 401
        else:
            raise AssertionError("a refused token named a user")


def test_rate_limit_info_reports_requests_and_complexity_for_the_hour(glue, emulators, warehouse_url):
    emulated = emulators("linear", {"teams": 2})
    connect(glue, emulated, warehouse_url, objects=["teams"])
    path = "/customers/c1/connections/linear/_rate_limit_info"
    first, second = glue.mgmt.get(path).json(), glue.mgmt.get(path).json()
    assert first["hourly"]["limit"] == 5_000 and set(first["other"]) == {"complexity_hourly"}
    assert second["hourly"]["remaining"] == first["hourly"]["remaining"] - 1
    complexity = first["other"]["complexity_hourly"]
    assert 0 < complexity["remaining"] < complexity["limit"]  # the query's points are spent
    hour_ends = (int(time.time()) // 3600 + 1) * 3600  # Linear's windows are clock hours, reset given in ms
    assert first["hourly"]["reset_time"] in (hour_ends, hour_ends + 3600) and complexity["reset_time"] == first["hourly"]["reset_time"]
