"""Clearbit's Person API as an emulator profile: enough of it to tell a good key from a bad one
(https://dashboard.clearbit.com/docs#authentication, Person API).

Clearbit is a lookup (enrichment) API: a request asks about one person and the answer describes them;
there is nothing to list or sync, so Glue only checks a customer's key with it.

- The secret key comes as a Bearer token, or as the username of HTTP Basic credentials with an empty password.
- ``GET /v2/people/find?email=`` answers the person found, or 404 ``{"error": {"type": "unknown_record", ...}}``
  when Clearbit knows no one at that address (an unmatched lookup is not billed); without ``email``, 422.
- A missing or unknown key gets 401 ``{"error": {"type": "auth_required", ...}}``.

    emulator = create_emulator(["sk_test"])
    with EmulatorServer(emulator.app) as server:
        httpx.get(server.url + "/v2/people/find", params={"email": "a@b.test"},
                  headers={"Authorization": "Bearer sk_test"})

Control: ``POST /_emulator/keys {"key": ...}`` accepts another key; ``/_emulator/faults`` as for the others.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from glue_emulators.profile import Credentials, Errors, Handler, Profile, ProfiledEmulator

SANDBOX_KEY = "sk_sandbox_clearbit"  # a local key, not a real one
# The one address the emulator knows a person at; every other address is unknown.
KNOWN_EMAIL = "ada@analytical-engines.example"


def key_from_control(body: dict) -> str:
    """The key a control request (POST /_emulator/keys {"key": ...}) registers."""
    key = body["key"]
    if not isinstance(key, str) or not key:
        raise ValueError("key must be a non-empty string")
    return key


def _clearbit_key(headers: Headers) -> str | None:
    scheme, _, value = headers.get("authorization", "").partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer":
        return value or None
    if scheme.lower() == "basic":  # the key as the username, no password
        try:
            username, _, _ = base64.b64decode(value, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return username or None
    return None


def _clearbit_error(status_code: int, message: str) -> dict:
    kind = {401: "auth_required", 404: "unknown_record", 405: "method_not_allowed", 422: "invalid_param",
            429: "rate_limit", 500: "server_error"}.get(status_code, "error")
    return {"error": {"type": kind, "message": message}}


CLEARBIT_ERRORS = Errors(
    body=_clearbit_error,
    unauthorized="API key required or invalid.",
    not_found="Unknown route.",
    method_not_allowed="Method {method} not allowed.",
    rate_limited="Rate limit exceeded. Try again later.",
    server_error="Internal server error.",
)


async def _find_person(request: Request) -> Response:
    email = request.query_params.get("email", "").strip()
    if not email:
        return CLEARBIT_ERRORS.answer(422, "Missing required param: email")
    if email.lower() != KNOWN_EMAIL:
        return CLEARBIT_ERRORS.answer(404, "Unknown email address.")
    return JSONResponse({
        "id": "d54c54ad-40be-4305-8a34-0ab44710b90d", "name": {"fullName": "Ada Lovelace", "givenName": "Ada",
                                                              "familyName": "Lovelace"},
        "email": KNOWN_EMAIL, "location": "London, England, United Kingdom",
        "employment": {"domain": "analytical-engines.example", "name": "Analytical Engines", "title": "Mathematician"},
    })


def create_emulator(api_keys: Iterable[str] | None = None) -> ProfiledEmulator:
    """``api_keys``: the secret keys the account accepts (the sandbox's by default)."""
    keys = Credentials(read=_clearbit_key, from_control_body=key_from_control, control_path="keys")
    profile = Profile("clearbit", keys, CLEARBIT_ERRORS, (Handler("/v2/people/find", _find_person),))
    return ProfiledEmulator(profile, list(api_keys) if api_keys is not None else [SANDBOX_KEY])


