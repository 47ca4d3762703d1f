"""The wire contracts in specs/ are complete, free of prose, and what specs/derive.py makes of them."""

from __future__ import annotations

import importlib.util

import pytest

from tests.support.spec import SPECS_DIR, load_spec

CONTRACTS = ["supaglue-mgmt-v2.yaml", "apideck-vault.yml"]


def _derive_module():
    spec = importlib.util.spec_from_file_location("specs_derive", SPECS_DIR / "derive.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _keys(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        found.update(key for key in node if isinstance(key, str))
        for value in node.values():
            _keys(value, found)
    elif isinstance(node, list):
        for item in node:
            _keys(item, found)
    return found


@pytest.mark.parametrize("name", CONTRACTS)
def test_a_committed_contract_is_what_the_script_makes_of_it(name):
    derive = _derive_module()
    text = (SPECS_DIR / name).read_text()

    assert derive.dump(derive.derive(load_spec(name))) == text


def test_derive_drops_prose_and_keeps_names_that_look_like_prose():
    derive = _derive_module()
    document = {
        "info": {"title": "T", "version": "1", "description": "long prose", "x-logo": {"url": "u"}},
        "tags": [{"name": "Things", "description": "what things are"}],
        "paths": {"/things": {"x-sdk-exclude": True, "get": {
            "summary": "s", "operationId": "listThings", "x-codeSamples": [{"lang": "sh"}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "example": {"description": "x"},
                "schema": {"type": "object", "description": "d", "default": {"description": "kept"},
                           "properties": {"description": {"type": "string", "example": "e"},
                                          "example": {"type": "integer"}}}}}}}}}},
        "x-webhooks": {"x-sdk-exclude": True, "Created": {"post": {"x-apideck-event-type": "created"}}},
    }

    assert derive.derive(document) == {
        "info": {"title": "T", "version": "1"},
        "tags": [{"name": "Things"}],
        "paths": {"/things": {"get": {
            "operationId": "listThings",
            "responses": {"200": {"description": "", "content": {"application/json": {
                "schema": {"type": "object", "default": {"description": "kept"},
                           "properties": {"description": {"type": "string"}, "example": {"type": "integer"}}}}}}}}}},
        "x-webhooks": {"Created": {"post": {"x-apideck-event-type": "created"}}},
    }


@pytest.mark.parametrize("name", CONTRACTS)
def test_a_contract_keeps_no_prose_keyword(name):
    spec = load_spec(name)
    operations = [operation for item in spec["paths"].values() for operation in item.values() if isinstance(operation, dict)]

    assert not any("summary" in operation or "description" in operation for operation in operations)
    assert all(response.get("description", "") == "" for operation in operations
               for response in operation.get("responses", {}).values())
    assert not {"x-codeSamples", "externalDocs", "examples"} & _keys(spec, set())


def test_both_apis_keep_their_operations_and_status_codes():
    mgmt, vault = load_spec("supaglue-mgmt-v2.yaml"), load_spec("apideck-vault.yml")

    assert set(mgmt["paths"]["/customers/{customer_id}/connections/{provider_name}"]) >= {"get", "delete"}
    assert set(mgmt["paths"]["/destinations/{destination_id}"]["put"]["responses"]) >= {"200", "400", "404"}
    assert set(vault["paths"]["/vault/connections/{unified_api}/{service_id}"]["patch"]["responses"]) >= {"200", "422"}
    assert vault["components"]["securitySchemes"]["apiKey"] == {"type": "apiKey", "in": "header", "name": "Authorization"}
    assert "ConnectionCreated" in vault["x-webhooks"]
