"""Zoho CRM's error bodies (https://www.zoho.com/crm/developer/docs/api/v5/status-codes.html) and the
faults rendered in them: ``{"code": ..., "details": {...}, "message": ..., "status": "error"}``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from glue_emulators.faults import Faults
from glue_emulators.wire import retry_after

TOKEN_SCHEME = "zoho-oauthtoken"


def error(status_code: int, code: str, message: str, details: dict | None = None,
          headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"code": code, "details": details or {}, "message": message, "status": "error"},
                        status_code=status_code, headers=headers)


def bearer_token(request: Request) -> str | None:
    """The access token of ``Authorization: Zoho-oauthtoken <token>`` (None for any other scheme)."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == TOKEN_SCHEME and token.strip() else None


def invalid_token() -> JSONResponse:
    return error(401, "INVALID_TOKEN", "invalid oauth token")


def missing_param(name: str) -> JSONResponse:
    return error(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {"param": name})


def invalid_param(name: str, message: str = "invalid data") -> JSONResponse:
    return error(400, "INVALID_DATA", message, {"param": name})


def too_many_requests(message: str, retry_after_seconds: float, headers: dict[str, str] | None = None) -> JSONResponse:
    return error(429, "TOO_MANY_REQUESTS", message,
                 headers={"Retry-After": retry_after(retry_after_seconds), **(headers or {})})


def no_content() -> Response:
    """Zoho answers an empty list (nothing modified since If-Modified-Since) with 204 and no body."""
    return Response(status_code=204)


def render_fault(fault: str, faults: Faults) -> Response:
    if fault == "unauthorized":
        return invalid_token()
    if fault == "rate_limit":
        return too_many_requests("The API credits have been exhausted for this window.", faults.retry_after_seconds)
    return error(500, "INTERNAL_ERROR", "Internal Server Error")


def route_error(status_code: int, request: Request) -> Response:
    if status_code == 405:
        return error(405, "METHOD_NOT_ALLOWED", "The request method is not allowed for this URL")
    return error(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one")
