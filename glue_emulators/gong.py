"""Gong's API as an emulator profile, following https://gong.app.gong.io/settings/api/documentation
(Authentication; Users: list all users, retrieve user; Limits).

Requests carry HTTP Basic credentials: the access key as username, the access key
secret as password. ``GET /v2/users`` lists the account's (fixed) users, 100 a page, with
``records.cursor`` naming the next page (absent on the last); ``GET /v2/users/{id}``
reads one. Any other path answers Gong's JSON 404 once the credentials pass. Errors are
Gong's ``{"requestId", "errors": [...]}`` body. Gong allows 3 calls a second per
account and sends no rate-limit headers, only ``Retry-After`` on its 429.

    emulator = create_emulator([("key", "secret")])
    with EmulatorServer(emulator.app) as server:
        httpx.get(server.url + "/v2/users", auth=("key", "secret"))

Control: ``POST /_emulator/credentials {"access_key": ..., "access_key_secret": ...}``
accepts another pair; ``POST /_emulator/faults`` as for the other emulators.
"""

from __future__ import annotations

import base64
import binascii
import time
import uuid
from collections.abc import Callable, Iterable

from starlette.datastructures import Headers

from glue_emulators.profile import (
    Credentials, CursorPages, Errors, Listing, Page, Profile, ProfiledEmulator, RateWindow,
)

# Gong ids are numeric strings of up to 20 digits.
USERS = (
    {"id": "234599484848423", "emailAddress": "ada.lovelace@example.com", "firstName": "Ada",
     "lastName": "Lovelace", "active": True},
    {"id": "234599484848424", "emailAddress": "grace.hopper@example.com", "firstName": "Grace",
     "lastName": "Hopper", "active": True},
    {"id": "234599484848425", "emailAddress": "alan.turing@example.com", "firstName": "Alan",
     "lastName": "Turing", "active": False},
)
PAGE_SIZE = 100


class BasicAuthEmulator(ProfiledEmulator):
    def add_credentials(self, access_key: str, secret: str) -> None:
        self.add_credential((access_key, secret))


def create_emulator(credentials: Iterable[tuple[str, str]] = (), *, per_second: int = 3,
                    clock: Callable[[], float] = time.monotonic) -> BasicAuthEmulator:
    """``clock`` (seconds) times the rate window, so a test can move time instead of waiting."""
    users = Listing("/v2/users", lambda: [dict(user) for user in USERS], CursorPages(PAGE_SIZE), _users_page,
                    item=lambda user: {"requestId": _request_id(), "user": user})
    profile = Profile("gong", GONG_KEYS, GONG_ERRORS, (users,), (RateWindow(1, per_second),))
    return BasicAuthEmulator(profile, [(key, secret) for key, secret in credentials], clock)


def _users_page(page: Page) -> dict:
    records = {"totalRecords": page.total, "currentPageSize": len(page.records), "currentPageNumber": page.number}
    if page.next_cursor is not None:
        records["cursor"] = page.next_cursor
    return {"requestId": _request_id(), "records": records, "users": page.records}


def _request_id() -> str:
    return uuid.uuid4().hex[:19]  # Gong's are short lowercase alphanumerics


def _error_body(status_code: int, message: str) -> dict:
    return {"requestId": _request_id(), "errors": [message]}


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


GONG_KEYS = Credentials(read=_credentials_of, from_control_body=_credentials_from_control,
                        control_path="credentials")
GONG_ERRORS = Errors(
    body=_error_body,
    unauthorized="Invalid access key or access key secret",
    not_found="Not found",
    method_not_allowed="Request method '{method}' not supported",
    rate_limited="Too many requests",
    server_error="Internal server error",
)
