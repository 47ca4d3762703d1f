"""Derives the wire contracts Glue is tested against from the upstream OpenAPI documents.

    python specs/derive.py PATH/supaglue-mgmt-v2.yaml PATH/apideck-vault.yml

writes `specs/<same file name>` for each document given. What a client sees on the wire
stays: paths, methods, parameters, request bodies, schemas, status codes, headers,
components, security, webhooks, operation ids. The documentation prose goes:
`description` (left empty where OpenAPI requires one: responses), `summary`, `example(s)`,
`externalDocs`, tag descriptions, and vendor
extensions (`x-codeSamples`, `x-logo`, SDK hints...) other than the few that carry
structure (KEPT_EXTENSIONS). A property or header that happens to be called
`description` or `example` is a name, not prose, and stays.

Deriving a derived file changes nothing, so the output can be checked in a test.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

PROSE = frozenset({"description", "summary", "example", "examples", "externalDocs"})
# Extensions that say something about the wire: a webhook section, which event an operation is, internal operations.
KEPT_EXTENSIONS = frozenset({"x-webhooks", "x-event-type", "x-apideck-event-type", "x-internal"})

# Keywords whose value maps names (of paths, properties, headers, ...) to objects: every name stays.
NAME_MAPS = frozenset({
    "paths", "webhooks", "x-webhooks", "callbacks", "responses", "headers", "content", "encoding", "links",
    "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "variables",
    "schemas", "parameters", "requestBodies", "securitySchemes", "pathItems",
})
# Name maps the OpenAPI specification lets carry extensions of their own (e.g. x-sdk-exclude in x-webhooks).
EXTENSIBLE_NAME_MAPS = frozenset({"paths", "webhooks", "x-webhooks", "callbacks", "responses"})
# Keywords whose value is data (a default, allowed values, security requirements): kept verbatim.
DATA = frozenset({"enum", "const", "default", "required", "security", "mapping"})


def derive(document: dict) -> dict:
    """The document without its prose."""
    return _object(document, at_root=True)


def _object(node: Any, at_root: bool = False) -> Any:
    if isinstance(node, list):
        return [_object(item) for item in node]
    if not isinstance(node, dict):
        return node
    kept: dict = {}
    for key, value in node.items():
        if key in PROSE or _dropped_extension(key):
            continue
        if key == "scopes" and isinstance(value, dict):
            kept[key] = {name: "" for name in value}  # OAuth scope names stay, their explanations go
        elif key in DATA:
            kept[key] = value
        elif key == "components" and at_root:
            kept[key] = {section: _names(entries, section) for section, entries in value.items()}
        elif key == "parameters" and isinstance(value, list):
            kept[key] = _object(value)
        elif key in NAME_MAPS and isinstance(value, dict):
            kept[key] = _names(value, key)
        else:
            kept[key] = _object(value)
    return kept


def _names(entries: Any, keyword: str) -> Any:
    if not isinstance(entries, dict):
        return _object(entries)
    extensible = keyword in EXTENSIBLE_NAME_MAPS
    named = {
        name: _object(value) for name, value in entries.items()
        if not (extensible and _dropped_extension(name))
    }
    if keyword == "responses":
        # OpenAPI requires a description on every Response object: it stays, empty.
        named = {name: _with_empty_description(value) for name, value in named.items()}
    return named


def _with_empty_description(response: Any) -> Any:
    if not isinstance(response, dict) or "$ref" in response:
        return response
    return {"description": "", **response}


def _dropped_extension(key: Any) -> bool:
    return isinstance(key, str) and key.startswith("x-") and key not in KEPT_EXTENSIONS


class _Dumper(yaml.SafeDumper):
    """Writes shared nodes out in full: no &anchors in the contract files."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(document: dict) -> str:
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    for source in map(Path, paths):
        target = Path(__file__).resolve().parent / source.name
        derived = derive(yaml.safe_load(source.read_text()))
        target.write_text(dump(derived))
        print(f"{source} -> {target} ({source.stat().st_size} -> {target.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
