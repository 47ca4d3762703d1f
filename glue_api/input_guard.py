"""Refuses input no store can hold or no handler should walk, before any route sees it.

One place for both APIs and the pages, so every string a client sends is covered:
- a NUL character in the path, the query or the body (PostgreSQL text cannot hold one,
  SQLite would store it: both stores now answer the same 400);
- in a JSON body, strings that are not valid Unicode (a lone surrogate), the non-JSON
  numbers Python would read (``NaN``, ``Infinity``, ``1e400``), and nesting deeper than
  MAX_JSON_DEPTH (deep enough for any Glue body; deeper ones overflow parsers and columns).
Runs inside the body limit, so the body it buffers is already bounded.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_JSON_DEPTH = 32
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class UnusableInput(ValueError):
    """Input Glue refuses; the message says why and never quotes the input."""


def check_target(scope: Scope) -> None:
    if "\x00" in scope.get("path", "") or b"\x00" in scope.get("raw_path", b""):
        raise UnusableInput("The request path contains a NUL character.")
    query = scope.get("query_string", b"")
    if b"\x00" in query or b"%00" in query:
        raise UnusableInput("The query string contains a NUL character.")


def check_body(content_type: str, body: bytes) -> None:
    if not body:
        return
    if not content_type or "json" in content_type:
        _check_json(body)
    elif b"\x00" in body or ("x-www-form-urlencoded" in content_type and b"%00" in body):
        raise UnusableInput("The request body contains a NUL character.")


def _check_json(body: bytes) -> None:
    try:
        document = json.loads(body, parse_constant=_refuse_constant, parse_float=_finite_float)
    except UnusableInput:
        raise
    except RecursionError:
        raise UnusableInput(f"The request body is nested deeper than {MAX_JSON_DEPTH} levels.") from None
    except ValueError:
        return  # not JSON at all: the route's own validation says so in its usual words
    _check_document(document)


def _refuse_constant(name: str) -> Any:
    raise UnusableInput("The request body is not valid JSON: NaN and Infinity are not JSON numbers.")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise UnusableInput("The request body holds a number too large to represent.")
    return value


def _check_document(document: Any) -> None:
    """Walks the document without recursion (its depth is what is being checked)."""
    pending = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                raise UnusableInput(f"The request body is nested deeper than {MAX_JSON_DEPTH} levels.")
            children = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            pending.extend((child, depth + 1) for child in children)
        elif isinstance(value, str):
            _check_string(value)


def _check_string(value: str) -> None:
    if "\x00" in value:
        raise UnusableInput("The request body contains a NUL character.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UnusableInput("The request body contains text that is not valid Unicode.") from None


class InputGuardMiddleware:
    def __init__(self, app: ASGIApp, reject: Callable[[Scope, str], ASGIApp]):
        self.app = app
        self.reject = reject  # builds the error response in the API's own format

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            check_target(scope)
        except UnusableInput as problem:
            await self.reject(scope, str(problem))(scope, receive, send)
            return
        if scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        content_type = dict(scope.get("headers", [])).get(b"content-type", b"").decode("latin-1").lower()
        try:
            check_body(content_type, body)
        except UnusableInput as problem:
            await self.reject(scope, str(problem))(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    delivered = False

    async def replayed() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # later messages (a disconnect) come from the server

    return replayed
