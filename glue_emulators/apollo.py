"""Apollo.io's API as an emulator profile, following https://docs.apollo.io/reference/authentication
and Apollo's rate-limit documentation.

Requests carry the key in the ``x-api-key`` header. ``GET /api/v1/auth/health`` (and the
older ``/v1/auth/health``) tells whether the key is good; any other path answers Apollo's
JSON 404 once the key passes. A missing or unknown key gets Apollo's 401 body. Every
answer reports Apollo's fixed per-minute, hourly and daily windows
(``x-rate-limit-minute``, ``x-minute-usage``, ``x-minute-requests-left``, and the same
for hourly and daily); a spent window answers 429 with ``Retry-After``.

    emulator = create_emulator(["a-key"])
    with EmulatorServer(emulator.app) as server:
        httpx.get(server.url + "/api/v1/auth/health", headers={"x-api-key": "a-key"})

Control: ``POST /_emulator/keys {"key": ...}`` accepts another key; ``POST /_emulator/faults``
as for the other emulators.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from starlette.datastructures import Headers

from glue_emulators.profile import Credentials, Errors, Fixed, Profile, ProfiledEmulator, RateWindow

HEALTH_PATHS = ("/api/v1/auth/health", "/v1/auth/health")
ERROR_CODES = {401: "INVALID_API_KEY", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 429: "RATE_LIMITED",
               500: "INTERNAL_SERVER_ERROR"}
# Limits depend on the plan; these are generous so tests and the sandbox never meet them by accident.
MINUTE, HOUR, DAY = 60, 3_600, 86_400


class ApiKeyEmulator(ProfiledEmulator):
    def add_key(self, key: str) -> None:
        self.add_credential(key)


def create_emulator(api_keys: Iterable[str] = (), *, per_minute: int = 600, per_hour: int = 6_000,
                    per_day: int = 60_000, clock: Callable[[], float] = time.monotonic) -> ApiKeyEmulator:
    """``clock`` (seconds) times the rate windows, so a test can move time instead of waiting."""
    windows = (
        RateWindow(MINUTE, per_minute, ("x-rate-limit-minute", "x-minute-usage", "x-minute-requests-left")),
        RateWindow(HOUR, per_hour, ("x-rate-limit-hourly", "x-hourly-usage", "x-hourly-requests-left")),
        RateWindow(DAY, per_day, ("x-rate-limit-daily", "x-daily-usage", "x-daily-requests-left")),
    )
    profile = Profile("apollo", APOLLO_KEYS, APOLLO_ERRORS,
                      tuple(Fixed(path, _health) for path in HEALTH_PATHS), windows)
    return ApiKeyEmulator(profile, api_keys, clock)


def _health() -> dict:
    # Only reached with an accepted key: the gate answers everyone else.
    return {"healthy": True, "is_logged_in": True}


def _error_body(status_code: int, message: str) -> dict:
    return {"error": message, "error_code": ERROR_CODES.get(status_code, "BAD_REQUEST")}


def _key_of(headers: Headers) -> str | None:
    return headers.get("x-api-key") or None


def _key_from_control(body: dict) -> str:
    key = body["key"]
    if not isinstance(key, str) or not key:
        raise ValueError("key must be a non-empty string")
    return key


APOLLO_KEYS = Credentials(read=_key_of, from_control_body=_key_from_control, control_path="keys")
APOLLO_ERRORS = Errors(
    body=_error_body,
    unauthorized="Invalid access credentials.",
    not_found="The requested resource was not found.",
    method_not_allowed="The {method} method is not supported for this route.",
    rate_limited="Too many requests. Please try again later.",
    server_error="Something went wrong. Please try again.",
)
