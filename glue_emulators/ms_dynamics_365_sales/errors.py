"""How Dataverse words its errors: ``{"error": {"code": "0x...", "message": ...}}``, and a bare 401.

Codes from https://learn.microsoft.com/power-apps/developer/data-platform/reference/web-service-error-codes
and the service protection limits page (0x80072322: too many requests in the window).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from glue_emulators.faults import Faults
from glue_emulators.wire import retry_after

NOT_FOUND = "0x80060888"
UNEXPECTED = "0x80040216"
TOO_MANY_REQUESTS = "0x80072322"
SERVICE_LIMIT_MESSAGE = "Number of requests exceeded the limit of 6000 over time window of 300 seconds."


def odata_error(status_code: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status_code, headers=headers,
                        media_type="application/json; odata.metadata=minimal")


def unauthorized() -> Response:
    """Dataverse answers a missing or expired token with an empty 401 naming its authority."""
    return Response(status_code=401, headers={
        "WWW-Authenticate": 'Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize'})


def rate_limited(seconds: float) -> Response:
    return odata_error(429, TOO_MANY_REQUESTS, SERVICE_LIMIT_MESSAGE, {"Retry-After": retry_after(seconds)})


def render_fault(fault: str, faults: Faults) -> Response:
    if fault == "unauthorized":
        return unauthorized()
    if fault == "rate_limit":
        return rate_limited(faults.retry_after_seconds)
    return odata_error(500, UNEXPECTED, "An unexpected error occurred.")


def route_error(status_code: int, request: Request) -> Response:
    if status_code == 405:
        return odata_error(405, NOT_FOUND, f"The HTTP method '{request.method}' is not allowed here.")
    segment = request.url.path.rstrip("/").rsplit("/", 1)[-1]
    return odata_error(404, NOT_FOUND, f"Resource not found for the segment '{segment}'.")
