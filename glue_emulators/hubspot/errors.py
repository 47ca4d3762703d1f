"""HubSpot's error bodies: ``{"status": "error", "message", "correlationId", "category"}``,
and the rate-limit variant with ``errorType`` and ``policyName``."""

from __future__ import annotations

import uuid

from starlette.responses import JSONResponse, Response

from glue_emulators.faults import Faults

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
    # Retry-After in seconds; fractions keep fault-injection tests fast
    return JSONResponse(body, status_code=429, headers={"Retry-After": _seconds(retry_after), **(headers or {})})


def render_fault(fault: str, faults: Faults) -> Response:
    """What FaultMiddleware answers for an injected fault, in HubSpot's words."""
    if fault == "unauthorized":
        return unauthorized("The OAuth token used to make this call has been revoked.")
    if fault == "rate_limit":
        return rate_limited("TEN_SECONDLY_ROLLING", faults.retry_after_seconds, {"X-HubSpot-RateLimit-Remaining": "0"})
    return error(502, "The server encountered a temporary error and could not complete your request.",
                 "INTERNAL_ERROR")


def _seconds(value: float) -> str:
    return f"{round(value, 3):g}"
