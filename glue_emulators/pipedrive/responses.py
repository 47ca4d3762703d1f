"""Pipedrive's response envelopes and error bodies, and the faults rendered in them."""

from __future__ import annotations

from starlette.responses import JSONResponse, Response

from glue_emulators.faults import Faults

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


def unauthorized() -> JSONResponse:
    return error(401, "unauthorized access")


def rate_limited(retry_after_seconds: float) -> JSONResponse:
    return error(429, "Rate limit exceeded", headers={"Retry-After": _seconds(retry_after_seconds)})


def bad_request(message: str) -> JSONResponse:
    return error(400, message)


def render_fault(fault: str, faults: Faults) -> Response:
    if fault == "unauthorized":
        return unauthorized()
    if fault == "rate_limit":
        return rate_limited(faults.retry_after_seconds)
    return error(500, "Internal server error")


def _seconds(value: float) -> str:
    # Whole seconds as the provider sends them; fractions only for the fast windows tests use.
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}".rstrip("0")
