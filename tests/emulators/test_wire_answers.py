"""Every emulator answers unknown routes, unknown methods and injected 429s as its provider does:
a JSON error body in the provider's shape, and ``Retry-After`` in whole seconds (RFC 9110)."""

from __future__ import annotations

import base64

import pytest
from starlette.testclient import TestClient

from glue_emulators import apollo, gong, hubspot, pipedrive, salesforce
from glue_emulators.wire import retry_after


def _hubspot():
    emulator = hubspot.create_emulator({"contacts": 3})
    token = emulator.oauth.mint()["access_token"]
    return emulator.app, {"Authorization": f"Bearer {token}"}, "/crm/v3/objects/contacts"


def _salesforce():
    emulator = salesforce.create_emulator({"Contact": 3, "User": 1})
    return (emulator.app, {"Authorization": f"Bearer {emulator.oauth.mint()['access_token']}"},
            "/services/data/v59.0/limits")


def _pipedrive():
    emulator = pipedrive.create_emulator({"persons": 3})
    return emulator.app, {"Authorization": f"Bearer {emulator.oauth.mint()['access_token']}"}, "/api/v2/persons"


def _apollo():
    return apollo.create_emulator(["key"]).app, {"x-api-key": "key"}, "/api/v1/auth/health"


def _gong():
    basic = base64.b64encode(b"key:secret").decode()
    return gong.create_emulator([("key", "secret")]).app, {"Authorization": f"Basic {basic}"}, "/v2/users"


def _is_hubspot_error(body) -> bool:
    # rate-limit answers carry errorType and policyName in place of category, as HubSpot documents
    return body["status"] == "error" and {"message", "correlationId"} <= set(body) and (
        "category" in body or body.get("errorType") == "RATE_LIMIT")


def _is_salesforce_error(body) -> bool:
    return isinstance(body, list) and {"message", "errorCode"} <= set(body[0])


def _is_pipedrive_error(body) -> bool:
    return body["success"] is False and isinstance(body["error"], str)


def _is_apollo_error(body) -> bool:
    return isinstance(body["error"], str) and isinstance(body["error_code"], str)


def _is_gong_error(body) -> bool:
    return isinstance(body["requestId"], str) and all(isinstance(e, str) for e in body["errors"])


PROVIDERS = {
    "hubspot": (_hubspot, _is_hubspot_error),
    "salesforce": (_salesforce, _is_salesforce_error),
    "pipedrive": (_pipedrive, _is_pipedrive_error),
    "apollo": (_apollo, _is_apollo_error),
    "gong": (_gong, _is_gong_error),
}


@pytest.fixture(params=sorted(PROVIDERS))
def provider(request):
    make, is_error = PROVIDERS[request.param]
    app, auth, served_path = make()
    with TestClient(app, headers=auth) as client:
        yield request.param, client, served_path, is_error


def test_an_unknown_route_answers_the_providers_json_404(provider):
    name, client, served_path, is_error = provider
    for path in ("/no/such/route", served_path + "/no/such/child/route"):
        answer = client.get(path)
        assert answer.status_code == 404, (name, path)
        assert answer.headers["content-type"].startswith("application/json")
        assert is_error(answer.json()), answer.json()
    if name == "salesforce":
        assert client.get("/no/such/route").json()[0]["errorCode"] == "NOT_FOUND"


def test_an_unknown_method_answers_the_providers_json_405(provider):
    name, client, served_path, is_error = provider
    answer = client.request("PATCH", served_path)
    assert answer.status_code == 405
    assert answer.headers["content-type"].startswith("application/json")
    assert "GET" in answer.headers["allow"]
    assert is_error(answer.json()), answer.json()


@pytest.mark.parametrize("wait", [0.05, 1, 9.799])
def test_an_injected_429_says_retry_after_in_whole_seconds_rounded_up(provider, wait):
    name, client, served_path, is_error = provider
    faults = {"rate_limit_every": 1, "retry_after_seconds": wait}
    assert client.post("/_emulator/faults", json=faults).status_code == 200
    answer = client.get(served_path)
    assert answer.status_code == 429
    assert answer.headers["retry-after"] == {0.05: "1", 1: "1", 9.799: "10"}[wait]
    assert is_error(answer.json()), answer.json()


def test_retry_after_values_are_delay_seconds():
    assert [retry_after(s) for s in (0, 0.0001, 0.999, 1, 1.0, 1.001, 59.5)] == ["0", "1", "1", "1", "1", "2", "60"]
    assert retry_after(-3) == "0"
