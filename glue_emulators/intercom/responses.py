"""Intercom's error bodies (``{"type": "error.list", "request_id", "errors": [{"code", "message"}]}``) and the
faults and unknown routes rendered in them."""

from __future__ import annotations

import time
import uuid

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from glue_emulators.faults import Faults


def error(status_code: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"type": "error.list", "request_id": uuid.uuid4().hex[:20],
                         "errors": [{"code": code, "message": message}]}, status_code=status_code, headers=headers)


def unauthorized() -> JSONResponse:
    return error(401, "unauthorized", "Access Token Invalid")


def bad_request(message: str, code: str = "parameter_invalid") -> JSONResponse:
    return error(400, code, message)


def rate_limited(limit: int, reset_epoch: int) -> JSONResponse:
    """Intercom says when to come back in ``X-RateLimit-Reset`` (epoch seconds), not in Retry-After."""
    return error(429, "rate_limit_exceeded", f"Exceeded rate limit of {limit} in 60_seconds", headers={
        "X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset_epoch)})


def render_fault(fault: str, faults: Faults) -> Response:
    if fault == "unauthorized":
        return unauthorized()
    if fault == "rate_limit":
        # Rounded to the nearest second: the client comes back no earlier than Retry-After would have said.
        return rate_limited(10_000, round(time.time() + faults.retry_after_seconds))
    return error(500, "server_error", "Internal server error")


def route_error(status_code: int, request: Request) -> Response:
    if status_code == 405:
        return error(405, "method_not_allowed", f"{request.method} is not allowed on {request.url.path}")
    return error(404, "not_found", "Resource Not Found")
