"""HubSpot's error bodies: ``{"status": "error", "message", "correlationId", "category"}``,
and the rate-limit variant with ``errorType`` and ``policyName``."""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from glue_emulators.faults import Faults
from glue_emulators.wire import retry_after as retry_after_header

MISSING_CREDENTIALS = (
    "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more "
    "details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
)
POLICY_MESSAGES = {
    "TEN_SECONDLY_ROLLING": "You have reached your ten_secondly_rolling limit.",
    "SECONDLY": "You have reached your secondly limit.",
    "DAILY": "You have reached your daily limit.",
}


def error(status_code: int, message: str, category: str, headers: dict | None = None, **extra) -> JSONResponse:
    body = {"status": "error", "message": message, "correlationId": str(uuid.uuid4()), "category": category, **extra}
    return JSONResponse(body, status_code=status_code, headers=headers)


def validation_error(message: str) -> JSONResponse:
    return error(400, message, "VALIDATION_ERROR")


def unauthorized(message: str = MISSING_CREDENTIALS) -> JSONResponse:
    return error(401, message, "INVALID_AUTHENTICATION")


def rate_limited(policy: str, retry_after: float, headers: dict | None = None) -> JSONResponse:
    body = {
        "status": "error",
        "message": POLICY_MESSAGES[policy],
        "errorType": "RATE_LIMIT",
        "correlationId": str(uuid.uuid4()),
        "policyName": policy,
        "requestId": str(uuid.uuid4()),
    }
    return JSONResponse(body, status_code=429, headers={"Retry-After": retry_after_header(retry_after),
                                                        **(headers or {})})


def render_fault(fault: str, faults: Faults) -> Response:
    """What FaultMiddleware answers for an injected fault, in HubSpot's words."""
    if fault == "unauthorized":
        return unauthorized("The OAuth token used to make this call has been revoked.")
    if fault == "rate_limit":
        return rate_limited("TEN_SECONDLY_ROLLING", faults.retry_after_seconds, {"X-HubSpot-RateLimit-Remaining": "0"})
    return error(502, "The server encountered a temporary error and could not complete your request.",
                 "INTERNAL_ERROR")


def object_not_found(object_id: str) -> JSONResponse:
    """A single-record read of an id the account does not have (or not in the asked archived state)."""
    return error(404, "Object not found.  objectId are usually numeric.", "OBJECT_NOT_FOUND",
                 context={"id": [object_id]})


def route_error(status_code: int, request: Request) -> Response:
    """Paths and methods the API does not serve."""
    if status_code == 405:
        return error(405, f"Method {request.method} is not allowed on {request.url.path}.", "VALIDATION_ERROR")
    return error(404, f"No API matches {request.method} {request.url.path}.", "OBJECT_NOT_FOUND")
