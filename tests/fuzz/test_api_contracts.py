"""Fuzzes every operation of both contracts (specs/) against the real app: no 5xx, nothing outside the contract.

schemathesis generates requests from the contracts, valid ones and invalid ones; each goes to
`create_app` on a migrated SQLite store (HubSpot at its emulator, other providers at a port
that refuses), authenticated as a real application. Two thirds of them aim at seeded objects (a
customer with a HubSpot connection, a destination, a sync config, a magic link) so paths with ids
reach real rows, and half of those carry hostile values in their query and body (HOSTILE_*:
inputs that broke Glue's parsing before). Each answer must not be a 5xx and must conform to
the contract: a listed status code, its content type, its body schema. The contracts' own
contradictions are excused in contract_exceptions.py, one check at a time.

Bounded and repeatable: derandomized, a few examples per operation and generation mode
(GLUE_FUZZ_EXAMPLES, default 6), no shrinking; every failure of an operation is collected and
reported together.
"""

from __future__ import annotations

import base64
import copy
import json
import os
import socket
from dataclasses import dataclass, field

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from glue_api.applications.service import create_application
from glue_api.config import Settings
from glue_api.db import transaction
from glue_api.main import create_app
from tests.fuzz.contract_exceptions import excused
from tests.support.clients import SpecCheckedClient, mgmt_responses
from tests.support.spec import load_spec
from tests.support.store import empty_all_tables, migrated_store
from tests.vault.oauth_support import CLIENT_ID, CLIENT_SECRET, start_emulator

# Examples per operation and generation mode (valid, invalid): small in the suite; raise it for a deeper local run.
EXAMPLES_PER_MODE = int(os.environ.get("GLUE_FUZZ_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CONTRACTS = {"mgmt": ("supaglue-mgmt-v2.yaml", "/mgmt/v2"), "vault": ("apideck-vault.yml", "")}
PROVIDERS = ("hubspot", "salesforce", "pipedrive", "apollo", "gong")


def _schema(api: str):
    name, _ = CONTRACTS[api]
    return schemathesis.openapi.from_dict(copy.deepcopy(load_spec(name)))


SCHEMAS = {api: _schema(api) for api in CONTRACTS}
OPERATIONS = [
    pytest.param(api, result.ok(), id=f"{api} {result.ok().label}")
    for api, schema in SCHEMAS.items() for result in schema.get_all_operations()
]


@dataclass
class Seeded:
    """The application the fuzzer acts as, and the ids of the objects it may aim at."""

    api_key: str
    application_id: str
    ids: dict[str, str] = field(default_factory=dict)

    def auth_headers(self, api: str) -> dict[str, str]:
        if api == "mgmt":
            return {"x-api-key": self.api_key}
        return {"authorization": f"Bearer {self.api_key}", "x-apideck-app-id": self.application_id,
                "x-apideck-consumer-id": self.ids["consumer_id"]}


@pytest.fixture(scope="module")
def unreachable_provider():
    """A bound port nobody listens on: provider calls are refused at once, never sent to the internet."""
    with socket.socket() as bound:
        bound.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{bound.getsockname()[1]}"


@pytest.fixture(scope="module")
def hubspot():
    """The HubSpot emulator the seeded connection's tokens come from and its rate limits are read at."""
    emulated = start_emulator("hubspot")
    yield emulated
    emulated.server.stop()


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory, keyring, unreachable_provider, hubspot):
    workdir = tmp_path_factory.mktemp("fuzz")
    urls = {name: unreachable_provider for name in PROVIDERS} | {"hubspot": hubspot.url}
    settings = Settings(home=workdir / "home", database_url=migrated_store("sqlite", workdir),
                        public_url="http://glue.test", provider_base_urls=urls)
    application = create_app(settings, keyring=keyring)
    with TestClient(application, raise_server_exceptions=False) as client:  # a 500 is an answer to report
        yield application, client
    application.state.engine.dispose()


@pytest.fixture
def seeded(fuzz_app, hubspot) -> Seeded:
    """A fresh store holding one application's customer, connection, destination, sync config and magic link."""
    application, client = fuzz_app
    empty_all_tables(application.state.engine)
    with transaction(application.state.session_factory) as session:
        issued = create_application(session, "fuzzed")
    mgmt = SpecCheckedClient(client, issued.api_key, mgmt_responses(), application_id=issued.application_id)
    ids = {"customer_id": "c1", "consumer_id": "c1", "provider_name": "hubspot", "unified_api": "crm",
           "service_id": "hubspot", "resource": "contacts", "application_id": issued.application_id}
    assert mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"}).status_code == 200
    provider = mgmt.post("/providers", json={
        "name": "hubspot", "category": "crm", "auth_type": "oauth2",
        "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": ["crm.objects.contacts.read"], "credentials": {
            "oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}}})
    ids["provider_id"] = provider.json()["id"]
    destination = mgmt.post("/destinations", json={"name": "warehouse", "type": "supaglue", "config": {}})
    ids["destination_id"] = destination.json()["id"]
    sync_config = mgmt.post("/sync_configs", json={
        "destination_name": "warehouse", "provider_name": "hubspot",
        "config": {"default_config": {"period_ms": 3600000, "strategy": "full then incremental"},
                   "standard_objects": [{"object": "contacts"}]}})
    ids["sync_config_id"] = sync_config.json()["id"]
    connection = mgmt.post("/customers/c1/connections",
                           json={"provider_name": "hubspot", "type": "oauth2", "refresh_token": hubspot.mint()["refresh_token"]})
    ids["connection_id"] = connection.json()["id"]
    link = mgmt.post("/magic_links", json={"customer_id": "c1", "provider_name": "hubspot", "expiration_secs": 3600,
                                           "return_url": "https://app.example.com/done"})
    ids["magic_link_id"] = link.json()["id"]
    for response in (provider, destination, sync_config, connection, link):
        assert response.status_code in (200, 201), response.text
    return Seeded(issued.api_key, issued.application_id, ids)


# Values that broke parsers before (issue 16): a Unicode digit int() refuses, NUL, a path separator, numbers JSON
# should not carry, a cursor that decodes to an empty key, dot segments. Mixed into strings and numbers by `_harden`.
HOSTILE_STRINGS = ["\u00b2", "a\x00b", "a/b", "Infinity", "-1", "99999999999999999999", "../..", "",
                   base64.b64encode(b'{"k":[],"reverse":false}').decode(), "x" * 2000]
HOSTILE_NUMBERS = [float("inf"), float("nan"), -1, 2**63, 1e308]
NESTING = 300  # deeper than the default JSON depth a store or a validator is built for


def _harden(value, draw):
    """The value with every string and number replaced by a hostile one (dicts and lists walked)."""
    if isinstance(value, dict):
        return {key: _harden(item, draw) for key, item in value.items()}
    if isinstance(value, list):
        return [_harden(item, draw) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return draw(st.sampled_from(HOSTILE_NUMBERS))
    if isinstance(value, str):
        return draw(st.sampled_from(HOSTILE_STRINGS))
    return value


def _nested(depth: int) -> dict:
    node: dict = {}
    for _ in range(depth):
        node = {"a": node}
    return node


def _make_hostile(request: dict, draw) -> None:
    """A serialized request's query values and JSON body fields become hostile; `metadata` becomes deeply nested.

    The case itself keeps what schemathesis generated: its reports cannot render a body this deep.
    """
    if request.get("params"):
        request["params"] = _harden(request["params"], draw)
    if isinstance(request.get("json"), dict):
        request["json"] = _harden(request["json"], draw)
        if "metadata" in request["json"]:
            request["json"]["metadata"] = _nested(NESTING)


def _aim_at_seeded(case, seeded: Seeded) -> None:
    """Named path, query and header values that have a seeded object take its id."""
    for container in (case.path_parameters, case.query, case.headers):
        if container:
            for name in container:
                key = {"x-customer-id": "customer_id", "x-provider-name": "provider_name"}.get(name.lower(), name)
                if key in seeded.ids:
                    container[name] = seeded.ids[key]


def _send(client: TestClient, case, api: str, seeded: Seeded, hostile_draw=None):
    """Sends the case as the seeded application; returns the answer and a description of what was sent."""
    request = case.as_transport_kwargs(base_url=f"http://testserver{CONTRACTS[api][1]}",
                                       headers=seeded.auth_headers(api))
    if hostile_draw is not None:
        _make_hostile(request, hostile_draw)
    # json.dumps writes Infinity and NaN as JavaScript literals, as a hostile client would; httpx's json= refuses them.
    body = json.dumps(request["json"]) if "json" in request else request.get("data")
    response = client.request(request["method"], request["url"], params=request.get("params"),
                              headers=request["headers"], content=body, follow_redirects=False)
    shown = body if not isinstance(body, str) or len(body) < 300 else body[:300] + "..."
    return response, f"{request['method']} {request['url']} query={request.get('params')} body={shown!r}"


@pytest.mark.parametrize(("api", "operation"), OPERATIONS)
def test_an_operation_answers_within_its_contract(api, operation, fuzz_app, seeded):
    _, client = fuzz_app
    failures: list[str] = []

    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @settings(max_examples=EXAMPLES_PER_MODE, derandomize=True, database=None, deadline=None,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
        def exercise(case, data):
            variant = data.draw(st.sampled_from(["as generated", "aimed", "aimed and hostile"]))
            if variant != "as generated":
                _aim_at_seeded(case, seeded)
            response, sent = _send(client, case, api, seeded, data.draw if variant == "aimed and hostile" else None)
            for check in CHECKS:
                if excused(operation.label, check.__name__, response.status_code):
                    continue
                try:
                    case.validate_response(response, checks=[check])
                except FailureGroup as group:
                    failures.extend(f"[{check.__name__}] {failure.title}: {sent} -> {response.status_code} "
                                    f"{response.text[:300]}" for failure in group.exceptions)

        exercise()

    assert not failures, f"{operation.label}: {len(failures)} failures\n" + "\n".join(dict.fromkeys(failures))
