"""Pipedrive's response envelopes and error bodies, and the faults rendered in them."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from glue_emulators.faults import Faults
from glue_emulators.oauth import OAuthServer
from glue_emulators.wire import retry_after

ERROR_INFO = "Please check developers.pipedrive.com for more information about Pipedrive API."


def success(data, additional_data: dict | None = None) -> JSONResponse:
    body = {"success": True, "data": data}
    if additional_data is not None:
        body["additional_data"] = additional_data
    return JSONResponse(body)


def error(status_code: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The API's error body: ``{"success": false, "error": ..., "errorCode": ..., "error_info": ...}``."""
    return JSONResponse(
        {"success": False, "error": message, "errorCode": status_code, "error_info": ERROR_INFO, "data": None,
         "additional_data": None},
        status_code=status_code, headers=headers,
    )


def bearer_accepted(request: Request, oauth: OAuthServer) -> bool:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and oauth.grant_for(token.strip()) is not None


def unauthorized() -> JSONResponse:
    return error(401, "unauthorized access")


def rate_limited(retry_after_seconds: float) -> JSONResponse:
    return error(429, "Rate limit exceeded", headers={"Retry-After": retry_after(retry_after_seconds)})


def bad_request(message: str) -> JSONResponse:
    return error(400, message)


def render_fault(fault: str, faults: Faults) -> Response:
    if fault == "unauthorized":
        return unauthorized()
    if fault == "forbidden":  # the app's scopes do not cover the resource
        return error(403, "Scope and URL mismatch")
    if fault == "rate_limit":
        return rate_limited(faults.retry_after_seconds)
    return error(500, "Internal server error")


def route_error(status_code: int, request: Request) -> Response:
    """Paths and methods the API does not serve."""
    if status_code == 405:
        return error(405, f"Method {request.method} is not allowed on {request.url.path}")
    return error(404, "Unknown method .")
