"""Validates responses against the operation's response schema in the API's spec file."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

# The contracts as specs/derive.py derived them from the upstream documents (see specs/README.md).
SPECS_DIR = Path(__file__).resolve().parents[2] / "specs"


@cache
def load_spec(name: str) -> dict:
    return yaml.safe_load((SPECS_DIR / name).read_text())


class SpecViolation(AssertionError):
    pass


class OpenAPIResponses:
    def __init__(self, spec: dict, base_path: str):
        self.spec = spec
        self.base_path = base_path
        self._routes = [
            (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), path) for path in spec["paths"]
        ]
        # Literal paths win over templated ones (e.g. /connections/_provider_user_id).
        self._routes.sort(key=lambda route: route[1].count("{"))

    def operation(self, method: str, url_path: str) -> tuple[str, dict]:
        relative = url_path.removeprefix(self.base_path) or "/"
        for pattern, template in self._routes:
            if pattern.match(relative):
                operation = self.spec["paths"][template].get(method.lower())
                if operation is None:
                    raise SpecViolation(f"{method} {template} is not in the spec")
                return template, operation
        raise SpecViolation(f"no path in the spec matches {url_path}")

    def validate(self, method: str, url_path: str, status: int, body: bytes, content_type: str | None) -> None:
        template, operation = self.operation(method, url_path)
        responses = operation.get("responses", {})
        described = responses.get(str(status)) or responses.get("default")
        if described is None:
            raise SpecViolation(f"{method} {template} answered {status}, which the spec does not list")
        described = self._deref(described)
        if status == 204:
            if body:
                raise SpecViolation(f"{method} {template} answered 204 with a body")
            return
        schema = described.get("content", {}).get("application/json", {}).get("schema")
        if schema is None:
            return
        if not (content_type or "").startswith("application/json"):
            raise SpecViolation(f"{method} {template} answered {content_type}, not JSON")
        import json

        instance = json.loads(body)
        validator = _validator(self, schema)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
        if errors:
            first = errors[0]
            raise SpecViolation(
                f"{method} {template} {status}: {first.message} at {list(first.absolute_path)} (schema {list(first.absolute_schema_path)})"
            )

    def _deref(self, node: dict) -> dict:
        while "$ref" in node:
            target = self.spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node


def _validator(responses: OpenAPIResponses, schema: dict) -> Draft202012Validator:
    # The operation's schema, rooted in a document that also holds the components its $refs point into.
    return Draft202012Validator(with_nullable({**schema, "components": responses.spec["components"]}))


def with_nullable(node):
    """Reads the specs as their authors meant them.

    - OpenAPI 3.0's `nullable: true` (both specs use it): null is also allowed.
    - `oneOf` as `anyOf`: the specs' branches overlap (an item {object, table} matches both
      "{object}" and "{object, table}"), so the original services' own answers fail a strict oneOf.
    """
    if isinstance(node, list):
        return [with_nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {("anyOf" if key == "oneOf" else key): with_nullable(value) for key, value in node.items()}
    if converted.pop("nullable", False) is True:
        if isinstance(converted.get("type"), str):
            converted["type"] = [converted["type"], "null"]
            if "enum" in converted:
                converted["enum"] = [*converted["enum"], None]
        elif "type" not in converted:
            converted = {"anyOf": [converted, {"type": "null"}]}
    return converted


def validate_webhook_payload(event_type: str, payload: dict) -> None:
    """A Management API webhook body against the spec's ``x-webhooks`` schema for its event type."""
    spec = load_spec("supaglue-mgmt-v2.yaml")
    schema = spec["x-webhooks"][event_type]["post"]["requestBody"]["content"]["application/json"]["schema"]
    validator = Draft202012Validator(with_nullable({**schema, "components": spec["components"]}))
    errors = sorted(validator.iter_errors(payload), key=lambda e: list(e.path))
    if errors:
        raise SpecViolation(f"{event_type} webhook: {errors[0].message} at {list(errors[0].absolute_path)}")
