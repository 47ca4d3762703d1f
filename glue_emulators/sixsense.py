"""6sense's Company Identification API as an emulator profile: enough of it to tell a good token from a
bad one (https://api.6sense.com/docs).

6sense is a lookup (enrichment) API: a request asks about one company and the answer describes it; there
is nothing to list or sync, so Glue only checks a customer's token with it.

- The token comes as ``Authorization: Token <key>``.
- ``GET /v3/company/details`` answers the company behind the caller's IP address.
- A missing or unknown token gets 401 ``{"detail": "Invalid token."}``.

Control: ``POST /_emulator/keys {"key": ...}`` accepts another token; ``/_emulator/faults`` as for the others.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import Headers

from glue_emulators.clearbit import key_from_control
from glue_emulators.profile import Credentials, Errors, Fixed, Profile, ProfiledEmulator

SANDBOX_KEY = "sandbox-6sense-token"  # a local token, not a real one


def _sixsense_key(headers: Headers) -> str | None:
    scheme, _, value = headers.get("authorization", "").partition(" ")
    return value.strip() or None if scheme == "Token" else None


SIXSENSE_ERRORS = Errors(
    body=lambda status_code, message: {"detail": message},
    unauthorized="Invalid token.",
    not_found="Not found.",
    method_not_allowed='Method "{method}" not allowed.',
    rate_limited="Request was throttled.",
    server_error="A server error occurred.",
)


def _company_details() -> dict:
    return {
        "company": {"companyId": "1928375", "domain": "analytical-engines.example", "name": "Analytical Engines",
                    "country": "United Kingdom", "industry": "Computer Hardware", "employee_range": "50 - 99",
                    "revenue_range": "$10M - $25M"},
        "scores": [],
        "segments": {"ids": [], "names": []},
        "confidence": "Moderate",
    }


def create_emulator(api_keys: Iterable[str] | None = None) -> ProfiledEmulator:
    """``api_keys``: the API tokens the account accepts (the sandbox's by default)."""
    keys = Credentials(read=_sixsense_key, from_control_body=key_from_control, control_path="keys")
    profile = Profile("6sense", keys, SIXSENSE_ERRORS, (Fixed("/v3/company/details", _company_details),))
    return ProfiledEmulator(profile, list(api_keys) if api_keys is not None else [SANDBOX_KEY])
