"""Salesforce's REST error body, a JSON array of {message, errorCode}, and the injected faults."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from glue_emulators.faults import Faults
from glue_emulators.wire import retry_after

SESSION_INVALID = ("INVALID_SESSION_ID", "Session expired or invalid")


def sf_error(status_code: int, error_code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse([{"message": message, "errorCode": error_code}], status_code=status_code, headers=headers)


def invalid_session() -> JSONResponse:
    return sf_error(401, *SESSION_INVALID)


def not_found() -> JSONResponse:
    return sf_error(404, "NOT_FOUND", "The requested resource does not exist")


def render_fault(fault: str, faults: Faults) -> Response:
    if fault == "unauthorized":
        return invalid_session()
    if fault == "rate_limit":
        # Salesforce does not throttle with 429: it has a rolling daily allocation and answers
        # 403 REQUEST_LIMIT_EXCEEDED once it is spent (see usage.py). Injected rate limits are a
        # 429 with Retry-After anyway, so a client's retry path is exercised against this API too.
        return sf_error(429, "REQUEST_LIMIT_EXCEEDED", "Too many requests: retry later",
                        headers={"Retry-After": retry_after(faults.retry_after_seconds)})
    return sf_error(503, "SERVER_UNAVAILABLE", "Server temporarily unavailable, try again later")


def route_error(status_code: int, request: Request) -> Response:
    """Paths and methods the REST API does not serve."""
    if status_code == 405:
        return sf_error(405, "METHOD_NOT_ALLOWED", f"HTTP Method '{request.method}' not allowed.")
    return not_found()
