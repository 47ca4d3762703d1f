"""Apollo.io's API as an emulator profile, following https://docs.apollo.io/reference/authentication,
Apollo's search endpoints and its rate-limit documentation.

Requests carry the key in the ``x-api-key`` header. ``GET /api/v1/auth/health`` (and the
older ``/v1/auth/health``) tells whether the key is good. Records are generated
(``glue_emulators.dataset``) from ``{object: count}``:

- ``POST /api/v1/contacts/search``, ``/api/v1/accounts/search``, ``/api/v1/emailer_campaigns/search``
  (sequences) and ``GET /api/v1/users/search``: ``page`` (from 1) and ``per_page`` (at most 100)
  in the JSON body or the query; the answer names ``pagination.total_entries`` and
  ``total_pages``. A search serves at most ``SEARCH_CAP_PAGES`` pages (50,000 records at 100 a
  page): a later page answers 422, whatever the total says.
- ``GET /api/v1/email_accounts``: every mailbox in one answer.

No endpoint filters by modification time. Any other path answers Apollo's JSON 404 once the
key passes; a missing or unknown key gets Apollo's 401 body. Every answer reports Apollo's
per-minute, hourly and daily windows (``x-rate-limit-minute``, ``x-minute-usage``,
``x-minute-requests-left``, and the same for hourly and daily); a spent window answers 429
with ``Retry-After`` (the seconds until that window opens).

    emulator = create_emulator({"contacts": 300})  # accepts SANDBOX_KEY
    with EmulatorServer(emulator.app) as server:
        httpx.post(server.url + "/api/v1/contacts/search", json={"page": 1}, headers={"x-api-key": SANDBOX_KEY})

Control: ``POST /_emulator/keys {"key": ...}`` accepts another key; ``/_emulator/faults``,
``/changes``, ``/records``, ``/dataset`` as for the other emulators (control.py).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterable, Mapping

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from glue_emulators.apollo_records import OBJECTS, remote_id, render
from glue_emulators.control import dataset_routes
from glue_emulators.dataset import Dataset
from glue_emulators.profile import Credentials, Errors, Fixed, Handler, Profile, ProfiledEmulator, RateWindow

HEALTH_PATHS = ("/api/v1/auth/health", "/v1/auth/health")
ERROR_CODES = {401: "INVALID_API_KEY", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 429: "RATE_LIMITED",
               500: "INTERNAL_SERVER_ERROR"}
# Limits depend on the plan; these are generous so tests and the sandbox never meet them by accident.
MINUTE, HOUR, DAY = 60, 3_600, 86_400
SANDBOX_KEY = "sandbox-apollo-key"  # a local key, not a real one
MAX_PER_PAGE = 100
SEARCH_CAP_PAGES = 500  # 50,000 records at 100 a page
# object -> (path, method, the answer's list key)
ENDPOINTS = {
    "contacts": ("/api/v1/contacts/search", "POST", "contacts"),
    "accounts": ("/api/v1/accounts/search", "POST", "accounts"),
    "emailer_campaigns": ("/api/v1/emailer_campaigns/search", "POST", "emailer_campaigns"),
    "users": ("/api/v1/users/search", "GET", "users"),
}


class ApiKeyEmulator(ProfiledEmulator):
    def __init__(self, profile: Profile, dataset: Dataset, api_keys, clock):
        self.dataset = dataset
        super().__init__(profile, api_keys, clock, control=dataset_routes(dataset, remote_id, render))

    def add_key(self, key: str) -> None:
        self.add_credential(key)


def create_emulator(counts: Mapping[str, int] | Iterable[str] | None = None, *, api_keys: Iterable[str] = (SANDBOX_KEY,),
                    per_minute: int = 600, per_hour: int = 6_000, per_day: int = 60_000,
                    search_cap_pages: int = SEARCH_CAP_PAGES,
                    clock: Callable[[], float] = time.monotonic) -> ApiKeyEmulator:
    """``counts``: records per object (see ``OBJECTS``); a list of keys in its place is the accepted
    keys (with no records). ``clock`` (seconds) times the rate windows, so a test can move time."""
    if counts is not None and not isinstance(counts, Mapping):
        api_keys, counts = counts, None
    dataset = Dataset({name: 0 for name in OBJECTS} | dict(counts or {}))
    windows = (
        RateWindow(MINUTE, per_minute, ("x-rate-limit-minute", "x-minute-usage", "x-minute-requests-left")),
        RateWindow(HOUR, per_hour, ("x-rate-limit-hourly", "x-hourly-usage", "x-hourly-requests-left")),
        RateWindow(DAY, per_day, ("x-rate-limit-daily", "x-daily-usage", "x-daily-requests-left")),
    )
    resources = (
        *(Fixed(path, _health) for path in HEALTH_PATHS),
        *(Handler(path, _search(dataset, name, key, search_cap_pages), (method,))
          for name, (path, method, key) in ENDPOINTS.items()),
        Handler("/api/v1/email_accounts", _email_accounts(dataset)),
    )
    profile = Profile("apollo", APOLLO_KEYS, APOLLO_ERRORS, resources, windows)
    return ApiKeyEmulator(profile, dataset, api_keys, clock)


def _search(dataset: Dataset, object_name: str, list_key: str, cap_pages: int):
    async def answer(request: Request) -> Response:
        params = dict(request.query_params)
        if request.method == "POST" and await request.body():
            try:
                body = json.loads(await request.body())
            except ValueError:
                return APOLLO_ERRORS.answer(400, "The request body is not valid JSON.")
            if isinstance(body, dict):
                params |= body
        try:
            page = int(params.get("page", 1))
            per_page = min(MAX_PER_PAGE, int(params.get("per_page", 10)))
        except (TypeError, ValueError):
            return APOLLO_ERRORS.answer(422, "page and per_page must be whole numbers.")
        if page < 1 or per_page < 1:
            return APOLLO_ERRORS.answer(422, "page and per_page must be positive.")
        if page > cap_pages:
            return APOLLO_ERRORS.answer(
                422, f"Search results are limited to {cap_pages} pages; narrow the search to see more.")
        store = dataset[object_name]
        # A page size the emulator cuts applies like Apollo's own cap of 100: pages count in it.
        per_page = dataset.page_size(object_name, per_page)
        start = (page - 1) * per_page
        if store._deleted:  # positions among live records
            records = store.by_index(-1, store.count)[start:start + per_page]
        else:
            records = store.by_index(start - 1, per_page)
        total = store.live_count()
        pagination = {"page": page, "per_page": per_page, "total_entries": total,
                      "total_pages": math.ceil(total / per_page)}
        return JSONResponse({list_key: [render(object_name, r) for r in records], "pagination": pagination,
                             "breadcrumbs": []})

    return answer


def _email_accounts(dataset: Dataset):
    async def answer(request: Request) -> Response:
        store = dataset["email_accounts"]
        return JSONResponse({"email_accounts": [render("email_accounts", r) for r in store.by_index(-1, store.count)]})

    return answer


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
