"""Slack's answers: every Web API method answers HTTP 200 with ``{"ok": true, ...}`` or
``{"ok": false, "error": "<code>"}``; a rate-limited call answers 429 with ``Retry-After``
(https://docs.slack.dev/apis/web-api/rate-limits)."""

from __future__ import annotations

import math

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from glue_emulators.faults import Faults


def ok(body: dict) -> JSONResponse:
    return JSONResponse({"ok": True, **body})


def failed(code: str, status_code: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"ok": False, "error": code}, status_code=status_code, headers=headers)


def rate_limited(seconds: float) -> JSONResponse:
    return failed("ratelimited", 429, {"Retry-After": str(max(1, math.ceil(seconds)))})


def render_fault(fault: str, faults: Faults) -> Response:
    if fault == "unauthorized":
        return failed("invalid_auth")
    if fault == "rate_limit":
        return rate_limited(faults.retry_after_seconds)
    return failed("internal_error", 500)


def route_error(status_code: int, request: Request) -> Response:
    return failed("unknown_method", 404 if status_code == 404 else status_code)
