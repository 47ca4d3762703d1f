"""Fuzzes every operation of both contracts (specs/) against the real app: no 5xx, nothing outside the contract.

schemathesis generates requests from the contracts, valid ones and invalid ones; each goes to
`create_app` on a migrated SQLite store (HubSpot at its emulator, other providers at a port
that refuses), authenticated as a real application. Two thirds of them aim at seeded objects (a
customer with a HubSpot connection, a destination, a sync config, a magic link) so paths with ids
reach real rows, and half of those carry hostile values in their query and body (hostile.py);
then each hostile value goes, one at a time, into each query parameter and top-level body field
of one valid, aimed request (seed.VALID_BODIES where a generated body would be refused first).
Each answer must not be a 5xx and must conform to the contract: a listed status code, its
content type, its body schema. The contracts' own
contradictions are excused in contract_exceptions.py, one check at a time.

Bounded and repeatable: derandomized, a few examples per operation and generation mode
(GLUE_FUZZ_EXAMPLES, default 6), no shrinking; every failure of an operation is collected and
reported together.
"""

from __future__ import annotations

import copy
import json
import os
import socket
from datetime import timedelta

import httpx
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

from glue_api.config import Settings
from glue_api.main import close_store_connections, create_app
from tests.fuzz import hostile
from tests.fuzz.contract_exceptions import EXCUSED, excused
from tests.fuzz.seed import VALID_BODIES, Seeded, seed
from tests.support.spec import load_spec
from tests.support.store import empty_all_tables, migrated_store
from tests.vault.oauth_support import start_emulator

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
    close_store_connections(application)


@pytest.fixture
def seeded(fuzz_app, hubspot) -> Seeded:
    """A fresh store holding the seeded application and its objects."""
    application, client = fuzz_app
    empty_all_tables(application.state.engine)
    return seed(application, client, hubspot)


def _request(case, api: str, seeded: Seeded) -> dict:
    return case.as_transport_kwargs(base_url=f"http://testserver{CONTRACTS[api][1]}", headers=seeded.auth_headers(api))


def _send(client: TestClient, request: dict):
    """The answer, and what was sent in a line (the case itself may not hold the hostile values)."""
    # json.dumps writes Infinity and NaN as JavaScript literals, as a hostile client would; httpx's json= refuses them.
    body = json.dumps(request["json"]) if "json" in request else request.get("data")
    response = client.request(request["method"], request["url"], params=request.get("params"),
                              headers=request["headers"], content=body, follow_redirects=False)
    shown = body if not isinstance(body, str) or len(body) < 300 else body[:300] + "..."
    return response, f"{request['method']} {request['url']} query={request.get('params')} body={shown!r}"


def _check(operation, case, response, sent: str, failures: list[str]) -> None:
    for check in CHECKS:
        if excused(operation.label, check.__name__, response.status_code):
            continue
        try:
            case.validate_response(response, checks=[check])
        except FailureGroup as group:
            failures.extend(f"[{check.__name__}] {failure.title}: {sent} -> {response.status_code} "
                            f"{response.text[:300]}" for failure in group.exceptions)


def _query_names(api: str, operation) -> list[str]:
    """The operation's query parameters as sent: a deepObject parameter becomes name[property] per property."""
    spec = load_spec(CONTRACTS[api][0])
    names = []
    for parameter in operation.query:
        schema = _resolved(spec, parameter.definition.get("schema", {}))
        if parameter.definition.get("style") == "deepObject" and schema.get("properties"):
            names += [f"{parameter.name}[{name}]" for name in schema["properties"]]
        else:
            names.append(parameter.name)
    return names


def _body_fields(api: str, operation) -> dict[str, str]:
    """The JSON request body's top-level properties and their types, as the contract declares them."""
    spec = load_spec(CONTRACTS[api][0])
    body = _resolved(spec, spec["paths"][operation.path][operation.method.lower()].get("requestBody", {}))
    schema = _resolved(spec, body.get("content", {}).get("application/json", {}).get("schema", {}))
    fields: dict[str, str] = {}
    for branch in [schema, *(schema.get("oneOf", []) + schema.get("anyOf", []) + schema.get("allOf", []))]:
        properties = _resolved(spec, branch).get("properties", {})
        fields |= {name: _resolved(spec, prop).get("type", "") for name, prop in properties.items()}
    return fields


def _resolved(spec: dict, node: dict) -> dict:
    while "$ref" in node:
        _, _, section, name = node["$ref"].split("/")  # "#/components/<section>/<name>"
        node = spec["components"][section][name]
    return node


@pytest.mark.parametrize(("api", "operation"), OPERATIONS)
def test_an_operation_answers_within_its_contract(api, operation, fuzz_app, seeded):
    _, client = fuzz_app
    failures: list[str] = []
    valid_cases = []

    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @settings(max_examples=EXAMPLES_PER_MODE, derandomize=True, database=None, deadline=None,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
        def exercise(case, data):
            variant = data.draw(st.sampled_from(["as generated", "aimed", "aimed and hostile"]))
            if variant != "as generated":
                seeded.aim(case)
            if mode == GenerationMode.POSITIVE:
                valid_cases.append(case)
            request = _request(case, api, seeded)
            if variant == "aimed and hostile":
                hostile.make_hostile(request, lambda values: data.draw(st.sampled_from(values)))
            response, sent = _send(client, request)
            _check(operation, case, response, sent, failures)

        exercise()

    if valid_cases:  # every hostile value in every query parameter and body field of one valid, aimed request
        case = valid_cases[0]
        seeded.aim(case)
        start = _request(case, api, seeded)
        if operation.label in VALID_BODIES:
            start["json"] = VALID_BODIES[operation.label]
        for request in hostile.one_at_a_time(start, _query_names(api, operation), _body_fields(api, operation)):
            response, sent = _send(client, request)
            _check(operation, case, response, sent, failures)

    assert not failures, f"{operation.label}: {len(failures)} failures\n" + "\n".join(dict.fromkeys(failures))


@pytest.mark.parametrize(("status", "body", "failed_check"), [
    (500, {"errors": []}, "not_a_server_error"),
    (418, {"errors": []}, "status_code_conformance"),
    (200, {"customer_id": 7}, "response_schema_conformance"),
])
def test_the_checks_refuse_an_answer_outside_the_contract(status, body, failed_check):
    operation = next(result.ok() for result in SCHEMAS["mgmt"].get_all_operations()
                     if result.ok().label == "GET /customers/{customer_id}")
    case = operation.Case(path_parameters={"customer_id": "c1"})
    answer = httpx.Response(status, json=body, request=httpx.Request("GET", "http://testserver/mgmt/v2/customers/c1"))
    answer.elapsed = timedelta(0)  # as if sent: schemathesis reads the time an answer took
    failures: list[str] = []

    _check(operation, case, answer, "GET /customers/c1", failures)

    assert failures and all(failure.startswith(f"[{failed_check}]") for failure in failures)


def test_each_excuse_names_a_real_operation_and_check_and_covers_nothing_else():
    labels = {result.ok().label for schema in SCHEMAS.values() for result in schema.get_all_operations()}
    check_names = {check.__name__ for check in CHECKS}

    assert all(operation in labels and check in check_names for operation, check, _ in EXCUSED)
    assert excused("DELETE /customers/{customer_id}", "response_schema_conformance", 204)
    assert not excused("DELETE /customers/{customer_id}", "response_schema_conformance", 404)
    assert not excused("DELETE /customers/{customer_id}", "not_a_server_error", 204)
