"""An emulator of Apollo.io's API-key authentication, following
https://docs.apollo.io/reference/authentication.

Requests carry the key in the ``x-api-key`` header. ``GET /api/v1/auth/health`` (and the
older ``/v1/auth/health``) tells whether the key is good; any other path answers Apollo's JSON 404
once the key passes. A missing or unknown key gets Apollo's 401 body.

    emulator = create_emulator(["a-key"])
    with EmulatorServer(emulator.app) as server:
        httpx.get(server.url + "/api/v1/auth/health", headers={"x-api-key": "a-key"})

Control: ``POST /_emulator/keys {"key": ...}`` accepts another key; ``POST /_emulator/faults``
as for the other emulators.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.api_key import GatedEmulator, KeyScheme
from glue_emulators.faults import Faults
from glue_emulators.wire import retry_after

HEALTH_PATHS = ("/api/v1/auth/health", "/v1/auth/health")


class ApiKeyEmulator(GatedEmulator):
    def add_key(self, key: str) -> None:
        self.accepted.add(key)


def create_emulator(api_keys: Iterable[str] = ()) -> ApiKeyEmulator:
    routes = [Route(path, _health, methods=["GET"]) for path in HEALTH_PATHS]
    return ApiKeyEmulator(APOLLO_KEYS, routes, api_keys)


async def _health(request: Request) -> Response:
    # Only reached with an accepted key: the gate answers everyone else.
    return JSONResponse({"healthy": True, "is_logged_in": True})


def _error(status_code: int, message: str, code: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "error_code": code}, status_code=status_code, headers=headers)


def _rejected() -> Response:
    return _error(401, "Invalid access credentials.", "INVALID_API_KEY")


def _route_error(status_code: int, request: Request) -> Response:
    if status_code == 405:
        return _error(405, f"The {request.method} method is not supported for this route.", "METHOD_NOT_ALLOWED")
    return _error(404, "The requested resource was not found.", "NOT_FOUND")


def _render_fault(fault: str, faults: Faults) -> Response:
    if fault == "unauthorized":
        return _rejected()
    if fault == "rate_limit":
        return _error(429, "Too many requests. Please try again later.", "RATE_LIMITED",
                      {"Retry-After": retry_after(faults.retry_after_seconds)})
    return _error(500, "Something went wrong. Please try again.", "INTERNAL_SERVER_ERROR")


def _key_of(headers: Headers) -> str | None:
    return headers.get("x-api-key") or None


def _key_from_control(body: dict) -> str:
    key = body["key"]
    if not isinstance(key, str) or not key:
        raise ValueError("key must be a non-empty string")
    return key


APOLLO_KEYS = KeyScheme(read=_key_of, from_control_body=_key_from_control, control_path="keys",
                        rejected=_rejected, render_fault=_render_fault,
                        route_error=_route_error)
