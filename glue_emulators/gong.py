"""An emulator of Gong's access-key authentication, following
https://gong.app.gong.io/settings/api/documentation (Authentication; Users: list all users).

Requests carry HTTP Basic credentials: the access key as username, the access key
secret as password. ``GET /v2/users`` lists the account's (fixed) users in one page;
any other path answers Gong's JSON 404 once the credentials pass. Bad credentials get Gong's
``{"requestId", "errors": [...]}`` body with 401.

    emulator = create_emulator([("key", "secret")])
    with EmulatorServer(emulator.app) as server:
        httpx.get(server.url + "/v2/users", auth=("key", "secret"))

Control: ``POST /_emulator/credentials {"access_key": ..., "access_key_secret": ...}``
accepts another pair; ``POST /_emulator/faults`` as for the other emulators.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.api_key import GatedEmulator, KeyScheme
from glue_emulators.faults import Faults
from glue_emulators.wire import retry_after

# Gong ids are numeric strings of up to 20 digits.
USERS = (
    {"id": "234599484848423", "emailAddress": "ada.lovelace@example.com", "firstName": "Ada",
     "lastName": "Lovelace", "active": True},
    {"id": "234599484848424", "emailAddress": "grace.hopper@example.com", "firstName": "Grace",
     "lastName": "Hopper", "active": True},
    {"id": "234599484848425", "emailAddress": "alan.turing@example.com", "firstName": "Alan",
     "lastName": "Turing", "active": False},
)


class BasicAuthEmulator(GatedEmulator):
    def add_credentials(self, access_key: str, secret: str) -> None:
        self.accepted.add((access_key, secret))


def create_emulator(credentials: Iterable[tuple[str, str]] = ()) -> BasicAuthEmulator:
    credentials = [(key, secret) for key, secret in credentials]
    return BasicAuthEmulator(GONG_KEYS, [Route("/v2/users", _users, methods=["GET"])], credentials)


async def _users(request: Request) -> Response:
    users = [dict(user) for user in USERS]
    page = {"totalRecords": len(users), "currentPageSize": len(users), "currentPageNumber": 0}
    return JSONResponse({"requestId": _request_id(), "records": page, "users": users})


def _request_id() -> str:
    return uuid.uuid4().hex[:19]  # Gong's are short lowercase alphanumerics


def _error(status_code: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"requestId": _request_id(), "errors": [message]}, status_code=status_code, headers=headers)


def _rejected() -> Response:
    return _error(401, "Invalid access key or access key secret")


def _route_error(status_code: int, request: Request) -> Response:
    if status_code == 405:
        return _error(405, f"Request method '{request.method}' not supported")
    return _error(404, f"No API found for {request.url.path}")


def _render_fault(fault: str, faults: Faults) -> Response:
    if fault == "unauthorized":
        return _rejected()
    if fault == "rate_limit":
        return _error(429, "Too many requests", {"Retry-After": retry_after(faults.retry_after_seconds)})
    return _error(500, "Internal server error")


def _credentials_of(headers: Headers) -> tuple[str, str] | None:
    scheme, _, encoded = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    access_key, colon, secret = decoded.partition(":")
    return (access_key, secret) if colon else None


def _credentials_from_control(body: dict) -> tuple[str, str]:
    pair = body["access_key"], body["access_key_secret"]
    if not all(isinstance(part, str) and part for part in pair):
        raise ValueError("access_key and access_key_secret must be non-empty strings")
    return pair


GONG_KEYS = KeyScheme(read=_credentials_of, from_control_body=_credentials_from_control,
                      control_path="credentials", rejected=_rejected, render_fault=_render_fault,
                      route_error=_route_error)
