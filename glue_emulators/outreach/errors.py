"""Outreach's error answers: JSON:API ``{"errors": [{"id", "title", "detail"}]}`` with the HTTP status."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from glue_emulators.faults import Faults
from glue_emulators.wire import retry_after

MEDIA_TYPE = "application/vnd.api+json"


def error(status_code: int, error_id: str, title: str, detail: str, headers: dict[str, str] | None = None
          ) -> JSONResponse:
    return JSONResponse({"errors": [{"id": error_id, "title": title, "detail": detail}]}, status_code=status_code,
                        headers=headers, media_type=MEDIA_TYPE)


def unauthorized() -> JSONResponse:
    return error(401, "unauthorizedOauthToken", "Unauthorized OAuth Token",
                 "The OAuth token is invalid, expired or revoked.")


def rate_limited(wait_seconds: float, limit: int, try_again_at: str, headers: dict[str, str] | None = None
                 ) -> JSONResponse:
    return error(429, "rateLimitExceeded", "Rate Limit Exceeded",
                 f"You have exceeded your permitted rate limit of {limit:,}; please try again at {try_again_at}.",
                 headers={**(headers or {}), "Retry-After": retry_after(wait_seconds)})


def bad_request(error_id: str, detail: str) -> JSONResponse:
    return error(400, error_id, "Bad Request", detail)


def not_found(detail: str = "The requested resource could not be found.") -> JSONResponse:
    return error(404, "resourceNotFound", "Resource Not Found", detail)


def render_fault(fault: str, faults: Faults) -> Response:
    if fault == "unauthorized":
        return unauthorized()
    if fault == "rate_limit":
        return rate_limited(faults.retry_after_seconds, 10_000, "the end of the current window")
    return error(500, "internalServerError", "Internal Server Error", "Something went wrong.")


def route_error(status_code: int, request: Request) -> Response:
    if status_code == 405:
        return error(405, "methodNotAllowed", "Method Not Allowed", f"{request.method} is not allowed here.")
    return not_found()
