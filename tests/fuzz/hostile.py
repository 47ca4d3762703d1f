"""Hostile values for the fuzz run: inputs that broke Glue's parsing before (issue 16), mixed into requests.

schemathesis generates values that fit (or break) a parameter's schema; a free-form string
parameter can hold anything, so the values that matter for Glue are named here: a Unicode
digit `int()` refuses, NUL, a path separator, numbers JSON should not carry, a cursor that
decodes to an empty key, dot segments, a very long string, an object nested deeper than a
parser or a store is built for.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from typing import Any

STRINGS = ["\u00b2", "a\x00b", "a/b", "Infinity", "-1", "99999999999999999999", "../..", "",
           base64.b64encode(b'{"k":[],"reverse":false}').decode(), "x" * 2000]
NUMBERS = [float("inf"), float("nan"), -1, 2**63, 1e308]
NESTING = 300


def harden(value: Any, pick: Callable[[list], Any]) -> Any:
    """The value with every string and number replaced by a hostile one of its kind (dicts and lists walked)."""
    if isinstance(value, dict):
        return {key: harden(item, pick) for key, item in value.items()}
    if isinstance(value, list):
        return [harden(item, pick) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return pick(NUMBERS)
    if isinstance(value, str):
        return pick(STRINGS)
    return value


def nested(depth: int = NESTING) -> dict:
    node: dict = {}
    for _ in range(depth):
        node = {"a": node}
    return node


def make_hostile(request: dict, pick: Callable[[list], Any]) -> None:
    """A serialized request's query values and JSON body fields become hostile; `metadata` becomes deeply nested."""
    if request.get("params"):
        request["params"] = harden(request["params"], pick)
    if isinstance(request.get("json"), dict):
        request["json"] = harden(request["json"], pick)
        if "metadata" in request["json"]:
            request["json"]["metadata"] = nested()


def one_at_a_time(request: dict, query_names: list[str], body_fields: dict[str, str]) -> Iterator[dict]:
    """Every hostile value of the right kind in every query parameter and top-level body field (by its schema
    type), one per request, the rest of the request unchanged."""
    for name in query_names:
        for value in STRINGS:
            yield {**request, "params": {**(request.get("params") or {}), name: value}}
    body = request.get("json")
    if isinstance(body, dict):
        for field, kind in body_fields.items():
            values = {"string": STRINGS, "integer": NUMBERS, "number": NUMBERS, "object": [nested()]}.get(kind, [])
            for value in values:
                yield {**request, "json": {**body, field: value}}
