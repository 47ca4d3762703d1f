"""Gong's API as an emulator profile, following Gong's v2 API reference
(https://gong.app.gong.io/settings/api/documentation: Authentication; Users: list all users,
retrieve user; Calls: list calls; Limits).

Requests carry HTTP Basic credentials: the access key as username, the access key
secret as password. Records are generated (``glue_emulators.dataset``) from
``{object: count}`` for ``users`` and ``calls``:

- ``GET /v2/users``: the account's users, 100 a page, ``records.cursor`` naming the next
  page (absent on the last); ``GET /v2/users/{id}`` reads one.
- ``GET /v2/calls?fromDateTime=&toDateTime=``: calls that started at or after
  ``fromDateTime`` and before ``toDateTime`` (ISO-8601), in start order, 100 a page with the
  same cursor. A call's start time never changes: an upstream change alters its title and
  duration, not when it started. When no call matches, Gong answers 404 "No calls found
  corresponding to the provided filters".

Errors are Gong's ``{"requestId", "errors": [...]}`` body. Gong allows 3 calls a second and
10,000 a day per account and sends no rate-limit headers, only ``Retry-After`` on its 429
(for a spent day, the seconds until the day's window opens).

    emulator = create_emulator({"users": 5, "calls": 300})  # accepts SANDBOX_CREDENTIALS
    with EmulatorServer(emulator.app) as server:
        httpx.get(server.url + "/v2/calls", auth=SANDBOX_CREDENTIALS)

OAuth (Gong's app flow): the consent page at ``/oauth2/authorize`` and ``POST
/oauth2/generate-customer-token`` with the grant in the query string and the client in HTTP Basic; its answer
names ``api_base_url_for_customer`` (this emulator's own URL). The API then also takes ``Authorization: Bearer``
with an access token it issued (``emulator.oauth``; clients registered with ``POST /_emulator/clients``).

Control: ``POST /_emulator/credentials {"access_key": ..., "access_key_secret": ...}``
accepts another pair; ``/_emulator/faults``, ``/changes``, ``/records``, ``/dataset`` as for
the other emulators (control.py).
"""

from __future__ import annotations

import base64
import binascii
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime, timezone

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from glue_emulators.control import dataset_routes, oauth_control_routes
from glue_emulators.oauth import OAuthServer
from glue_emulators.token_routes import TokenEndpoints, token_routes
from glue_emulators.dataset import Dataset, ObjectStore, Record
from glue_emulators.profile import Credentials, Errors, Handler, Profile, ProfiledEmulator, RateWindow
from glue_emulators.wire import aware_time

# The sandbox's key pair (a local key and secret, not real credentials).
SANDBOX_CREDENTIALS = ("sandbox-gong-key", "sandbox-gong-secret")
PAGE_SIZE = 100
DAY = 86_400
NO_CALLS = "No calls found corresponding to the provided filters"
FIRST_NAMES = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John", "Margaret", "Ken")
LAST_NAMES = ("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus", "Hamilton", "Thompson")
TITLES = ("Account Executive", "Sales Development Representative", "Sales Manager", "Customer Success Manager")
CALL_TOPICS = ("Discovery", "Demo", "Pricing review", "Onboarding", "Quarterly review", "Renewal")
SYSTEMS = ("Zoom", "Google Meet", "Microsoft Teams", "Outreach", "Aircall")
WORKSPACE_ID = "623457276584334"


class GongEmulator(ProfiledEmulator):
    def __init__(self, profile: Profile, dataset: Dataset, credentials, clock, oauth: OAuthServer):
        self.dataset = dataset
        self.oauth = oauth
        super().__init__(profile, credentials, clock,
                         control=[*dataset_routes(dataset, remote_id, render), *oauth_control_routes(oauth)])

    def add_credentials(self, access_key: str, secret: str) -> None:
        self.add_credential((access_key, secret))


def create_emulator(counts: Mapping[str, int] | Iterable[tuple[str, str]] | None = None, *,
                    credentials: Iterable[tuple[str, str]] = (SANDBOX_CREDENTIALS,), per_second: int = 3,
                    per_day: int = 10_000, clock: Callable[[], float] = time.monotonic) -> GongEmulator:
    """``counts``: records per object (``users``, ``calls``); a list of key pairs in its place is the
    accepted credentials (with no records beyond a few users). ``clock`` (seconds) times the rate windows."""
    if counts is not None and not isinstance(counts, Mapping):
        credentials, counts = counts, None
    dataset = Dataset({"users": 3, "calls": 0} | dict(counts or {}))
    oauth = OAuthServer()
    resources = (Handler("/v2/users", _users_list(dataset)), Handler("/v2/users/{id}", _user(dataset)),
                 Handler("/v2/calls", _calls_list(dataset)),
                 *(Handler(route.path, route.endpoint, tuple(route.methods - {"HEAD"}))
                   for route in token_routes(oauth, GONG_OAUTH)))
    keys = replace(GONG_KEYS, also_accepts=lambda credential: _issued_token(oauth, credential))
    profile = Profile("gong", keys, GONG_ERRORS, resources,
                      (RateWindow(1, per_second), RateWindow(DAY, per_day)))
    return GongEmulator(profile, dataset, [(key, secret) for key, secret in credentials], clock, oauth)


def _issued_token(oauth: OAuthServer, credential) -> bool:
    return credential[0] == BEARER and oauth.grant_for(credential[1]) is not None


# -- records ---------------------------------------------------------------------------------


def remote_id(object_name: str, index: int) -> str:
    # Gong ids are numeric strings of up to 20 digits.
    return str((234_599_484_848_000 if object_name == "users" else 7_782_342_274_025_937_000) + index)


def render(object_name: str, record: Record) -> dict:
    return _user_fields(record) if object_name == "users" else _call_fields(record)


def _user_fields(record: Record) -> dict:
    first, last = record.pick("first", FIRST_NAMES), record.pick("last", LAST_NAMES)
    return {
        "id": remote_id("users", record.index),
        "emailAddress": f"{first}.{last}.{record.index}@example.com".lower(),
        "created": _iso(record.created_at),
        "active": record.index % 7 != 6,
        "emailAliases": [],
        "trustedEmailAddress": None,
        "firstName": first,
        "lastName": last,
        "title": record.pick("title", TITLES),
        "phoneNumber": f"+1-555-{record.number('phone', 10_000):04d}",
        "extension": None,
        "personalMeetingUrls": [],
        "settings": {"webConferencesRecorded": True, "preventWebConferenceRecording": False,
                     "telephonyCallsImported": record.index % 2 == 0, "emailsImported": True,
                     "preventEmailImport": False, "nonRecordedMeetingsImported": False,
                     "gongConnectEnabled": True},
        "managerId": remote_id("users", 0) if record.index else None,
        "meetingConsentPageUrl": None,
        "spokenLanguages": [{"language": "en-US", "primary": True}],
    }


def _call_fields(record: Record) -> dict:
    call_id = remote_id("calls", record.index)
    started = record.created_at  # when the call started: fixed, whatever changes later
    return {
        "id": call_id,
        "url": f"https://app.gong.io/call?id={call_id}",
        "title": f"{record.pick('topic', CALL_TOPICS)} with account {record.number('account', 500)}",
        "scheduled": _iso(started),
        "started": _iso(started),
        "duration": 300 + record.number("duration", 3300),
        "primaryUserId": remote_id("users", record.number("owner", 3)),
        "direction": record.pick("direction", ("Inbound", "Outbound", "Conference")),
        "system": record.pick("system", SYSTEMS),
        "scope": record.pick("scope", ("External", "Internal")),
        "media": record.pick("media", ("Video", "Audio")),
        "language": "eng",
        "workspaceId": WORKSPACE_ID,
        "sdrDisposition": None,
        "clientUniqueId": None,
        "customData": None,
        "purpose": None,
        "meetingUrl": f"https://zoom.us/j/{record.number('meeting', 10**10)}",
        "isPrivate": False,
        "calendarEventId": None,
    }


def _iso(at: datetime) -> str:
    # Gong writes ISO-8601 with an offset and whole seconds, e.g. 2024-01-01T10:00:00Z
    return at.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# -- routes ----------------------------------------------------------------------------------


def _users_list(dataset: Dataset):
    async def answer(request: Request) -> Response:
        store = dataset["users"]
        try:
            after = _cursor_index(request.query_params.get("cursor"))
        except ValueError:
            return GONG_ERRORS.answer(400, "cursor: invalid value")
        size = dataset.page_size("users", PAGE_SIZE)
        records = store.by_index(after, size + 1)
        page, more = records[:size], len(records) > size
        body = _envelope(store.live_count(), page, after, more)
        return JSONResponse({**body, "users": [_user_fields(r) for r in page]})

    return answer


def _user(dataset: Dataset):
    async def answer(request: Request) -> Response:
        store = dataset["users"]
        wanted = request.path_params["id"]
        index = int(wanted) - int(remote_id("users", 0)) if wanted.isdigit() else -1
        if not store.exists(index) or store.record(index).deleted:
            return GONG_ERRORS.answer(404, "User not found")
        return JSONResponse({"requestId": _request_id(), "user": _user_fields(store.record(index))})

    return answer


def _calls_list(dataset: Dataset):
    async def answer(request: Request) -> Response:
        store = dataset["calls"]
        params = request.query_params
        try:
            since = _parse_time(params.get("fromDateTime"))
            until = _parse_time(params.get("toDateTime"))
            after = _cursor_index(params.get("cursor"))
        except ValueError as exc:
            return GONG_ERRORS.answer(400, str(exc))
        first = _first_started_at_or_after(store, since) if since is not None else 0
        end = _first_started_at_or_after(store, until) if until is not None else store.count
        size = dataset.page_size("calls", PAGE_SIZE)
        records = [r for r in store.by_index(max(after, first - 1), size + 1) if r.index < end]
        page, more = records[:size], len(records) > size
        total = (end - first) - sum(1 for i in store._deleted if first <= i < end)
        if not page:
            return GONG_ERRORS.answer(404, NO_CALLS)
        body = _envelope(total, page, after, more)
        return JSONResponse({**body, "calls": [_call_fields(r) for r in page]})

    return answer


def _envelope(total: int, page: list[Record], after: int, more: bool) -> dict:
    records = {"totalRecords": total, "currentPageSize": len(page),
               "currentPageNumber": 0 if after < 0 else (after + 1) // PAGE_SIZE}
    if more:
        records["cursor"] = _encode_cursor(page[-1].index)
    return {"requestId": _request_id(), "records": records}


def _first_started_at_or_after(store: ObjectStore, at: datetime) -> int:
    """Calls start in index order (generated ones ``step`` apart, created ones later), so bisect."""
    low, high = 0, store.count
    while low < high:
        middle = (low + high) // 2
        if store.record(middle).created_at < at:
            low = middle + 1
        else:
            high = middle
    return low


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return aware_time(value, lambda: ValueError(f"Invalid date-time: {value}"),
                      lambda: ValueError(f"Date-time without an offset: {value}"))


def _encode_cursor(index: int) -> str:
    return base64.urlsafe_b64encode(f"after:{index}".encode()).decode().rstrip("=")


def _cursor_index(cursor: str | None) -> int:
    """The index a page starts after; -1 for the first page."""
    if not cursor:
        return -1
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise ValueError("cursor: invalid value") from None
    label, _, number = text.partition(":")
    if label != "after" or not number.isdigit():
        raise ValueError("cursor: invalid value")
    return int(number)


def _request_id() -> str:
    return uuid.uuid4().hex[:19]  # Gong's are short lowercase alphanumerics


def _error_body(status_code: int, message: str) -> dict:
    return {"requestId": _request_id(), "errors": [message]}


def _credentials_of(headers: Headers) -> tuple[str, str] | None:
    """A Basic key pair, or (BEARER, an OAuth access token)."""
    scheme, _, encoded = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and encoded.strip():
        return BEARER, encoded.strip()
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
                        control_path="credentials", open_prefixes=("/oauth2/",))
BEARER = "\0bearer"  # no access key is empty-prefixed with NUL, so a token never passes for a key pair
GONG_OAUTH = TokenEndpoints(
    "Gong", "/oauth2/authorize", "/oauth2/generate-customer-token", client_auth="basic", grant_in_query=True,
    answer_fields=lambda request: {"api_base_url_for_customer": str(request.base_url).rstrip("/")},
)
GONG_ERRORS = Errors(
    body=_error_body,
    unauthorized="Invalid access key or access key secret",
    not_found="Not found",
    method_not_allowed="Request method '{method}' not supported",
    rate_limited="Too many requests",
    server_error="Internal server error",
)
