"""Emulator profiles: a simple REST provider's emulator declared as data and built on the shared kit.

A profile says how requests carry credentials, how the provider words its errors, which
resources it serves (a fixed answer, or a list with its pagination style and optional read
by id) and which rate windows it keeps (and the headers that report them). ``build`` turns
it into an emulator with the kit's parts: the credential gate and control routes
(api_key.py), fault injection (faults.py), JSON errors for unknown routes and whole-second
``Retry-After`` (wire.py).

    emulator = build(GONG, [("key", "secret")])
    with EmulatorServer(emulator.app) as server: ...

Apollo and Gong are profiles (apollo.py, gong.py). HubSpot, Salesforce and Pipedrive stay
bespoke: OAuth servers, SOQL, search windows and several pagination styles per API are more
than a profile should describe.
"""

from __future__ import annotations

import base64
import binascii
import math
import threading
import time
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from glue_emulators.api_key import GatedEmulator, KeyScheme, is_api_path
from glue_emulators.faults import Faults
from glue_emulators.wire import retry_after


@dataclass(frozen=True)
class Credentials:
    """How requests carry a credential, and how a control request registers another one."""

    read: Callable[[Headers], Hashable | None]  # None when a request carries none
    from_control_body: Callable[[dict], Hashable]  # raises KeyError or ValueError on a bad body
    control_path: str  # POST /_emulator/{control_path}
    open_prefixes: tuple[str, ...] = ()  # paths outside the credential check (see KeyScheme)
    also_accepts: Callable[[Hashable], bool] | None = None


@dataclass(frozen=True)
class Errors:
    """The provider's error body and its messages for the errors every emulator can answer."""

    body: Callable[[int, str], dict]  # (status code, message) -> JSON body
    unauthorized: str
    not_found: str  # an unknown route or id
    method_not_allowed: str  # may name {method}
    rate_limited: str
    server_error: str

    def answer(self, status_code: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
        return JSONResponse(self.body(status_code, message), status_code=status_code, headers=headers)


@dataclass(frozen=True)
class Page:
    records: list[dict]
    total: int
    number: int  # 0-based
    next_cursor: str | None


@dataclass(frozen=True)
class CursorPages:
    """Fixed-size pages; the answer names an opaque cursor for the next page, absent on the last."""

    size: int
    param: str = "cursor"

    def page(self, records: Sequence[dict], params) -> Page:
        start = _decode_offset(params.get(self.param)) if params.get(self.param) else 0
        chunk = list(records[start:start + self.size])
        following = start + self.size
        cursor = _encode_offset(following) if following < len(records) else None
        return Page(chunk, len(records), start // self.size, cursor)


@dataclass(frozen=True)
class Fixed:
    """A resource that answers one body, e.g. a credential check."""

    path: str
    body: Callable[[], dict]


@dataclass(frozen=True)
class Listing:
    """A list of records, paged; with ``item`` set, ``{path}/{id}`` reads one record."""

    path: str
    records: Callable[[], Sequence[dict]]
    pages: CursorPages
    envelope: Callable[[Page], dict]  # the list answer around one page
    item: Callable[[dict], dict] | None = None  # the read-by-id answer around one record
    id_field: str = "id"


@dataclass(frozen=True)
class Handler:
    """A route the provider serves its own way (e.g. a list over a generated dataset, filtered by time)."""

    path: str
    endpoint: Callable[[Request], Awaitable[Response]]
    methods: tuple[str, ...] = ("GET",)


@dataclass(frozen=True)
class RateWindow:
    """A fixed window of ``limit`` requests per credential every ``seconds``, and the names of the
    headers that report it on every answer (limit, used, left); none where the provider sends none."""

    seconds: float
    limit: int
    headers: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class Profile:
    name: str
    credentials: Credentials
    errors: Errors
    resources: tuple[Fixed | Listing | Handler, ...]
    rate_windows: tuple[RateWindow, ...] = ()


class ProfiledEmulator(GatedEmulator):
    def __init__(self, profile: Profile, credentials: Iterable[Hashable] = (),
                 clock: Callable[[], float] = time.monotonic, control: list[Route] = ()):
        """``control``: more control routes under /_emulator (a generated dataset's, see control.py)."""
        self.profile = profile
        self.windows = RateWindows(profile.rate_windows, clock)
        scheme = KeyScheme(
            read=profile.credentials.read, from_control_body=profile.credentials.from_control_body,
            control_path=profile.credentials.control_path,
            rejected=lambda: profile.errors.answer(401, profile.errors.unauthorized),
            render_fault=lambda fault, faults: _render_fault(profile.errors, fault, faults),
            route_error=lambda status, request: _route_error(profile.errors, status, request),
            open_prefixes=profile.credentials.open_prefixes, also_accepts=profile.credentials.also_accepts,
        )
        super().__init__(scheme, _routes(profile), credentials,
                         inner=lambda app: RateLimitMiddleware(app, self.windows, profile), control=control)

    def add_credential(self, credential: Hashable) -> None:
        self.accepted.add(credential)


def build(profile: Profile, credentials: Iterable[Hashable] = (),
          clock: Callable[[], float] = time.monotonic) -> ProfiledEmulator:
    """The emulator a profile describes; ``clock`` (seconds) times its rate windows."""
    return ProfiledEmulator(profile, credentials, clock)


# -- routes ---------------------------------------------------------------------------------


def _routes(profile: Profile) -> list[Route]:
    routes = []
    for resource in profile.resources:
        if isinstance(resource, Fixed):
            routes.append(Route(resource.path, _fixed(resource), methods=["GET"]))
        elif isinstance(resource, Handler):
            routes.append(Route(resource.path, resource.endpoint, methods=list(resource.methods)))
        else:
            routes.append(Route(resource.path, _listing(resource, profile.errors), methods=["GET"]))
            if resource.item is not None:
                routes.append(Route(resource.path + "/{id}", _item(resource, profile.errors), methods=["GET"]))
    return routes


def _fixed(resource: Fixed):
    async def answer(request: Request) -> Response:
        return JSONResponse(resource.body())

    return answer


def _listing(resource: Listing, errors: Errors):
    async def answer(request: Request) -> Response:
        try:
            page = resource.pages.page(resource.records(), request.query_params)
        except ValueError:
            return errors.answer(400, f"Invalid {resource.pages.param}")
        return JSONResponse(resource.envelope(page))

    return answer


def _item(resource: Listing, errors: Errors):
    async def answer(request: Request) -> Response:
        wanted = request.path_params["id"]
        for record in resource.records():
            if str(record[resource.id_field]) == wanted:
                return JSONResponse(resource.item(record))
        return errors.answer(404, errors.not_found)

    return answer


def _render_fault(errors: Errors, fault: str, faults: Faults) -> Response:
    if fault == "unauthorized":
        return errors.answer(401, errors.unauthorized)
    if fault == "rate_limit":
        return errors.answer(429, errors.rate_limited, {"Retry-After": retry_after(faults.retry_after_seconds)})
    return errors.answer(500, errors.server_error)


def _route_error(errors: Errors, status_code: int, request: Request) -> Response:
    if status_code == 405:
        return errors.answer(405, errors.method_not_allowed.format(method=request.method))
    return errors.answer(404, errors.not_found)


def _encode_offset(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode().rstrip("=")


def _decode_offset(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise ValueError("bad cursor") from None
    label, _, number = text.partition(":")
    if label != "offset" or not number.isdigit():
        raise ValueError("bad cursor")
    return int(number)


# -- rate windows ---------------------------------------------------------------------------


@dataclass
class RateWindows:
    """Requests per credential in each fixed window (aligned to multiples of its length)."""

    windows: tuple[RateWindow, ...]
    clock: Callable[[], float] = time.monotonic
    _used: dict[tuple[Hashable, int, int], int] = field(default_factory=dict)  # (credential, window, slot) -> n
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def take(self, credential: Hashable) -> tuple[float | None, list[tuple[RateWindow, int]]]:
        """Count one request: (seconds to wait if a window is spent, else None; each window's use)."""
        now = self.clock()
        usage, wait = [], None
        with self._lock:
            slots = [(i, w, math.floor(now / w.seconds)) for i, w in enumerate(self.windows)]
            spent = [(w, slot) for i, w, slot in slots if self._used.get((credential, i, slot), 0) >= w.limit]
            if spent:
                wait = max((slot + 1) * w.seconds - now for w, slot in spent)
            for i, w, slot in slots:
                key = (credential, i, slot)
                if not spent:
                    self._used[key] = self._used.get(key, 0) + 1
                usage.append((w, self._used.get(key, 0)))
        return wait, usage


class RateLimitMiddleware:
    """Stamps each window's headers on API answers and refuses a spent window with 429."""

    def __init__(self, app: ASGIApp, windows: RateWindows, profile: Profile):
        self.app = app
        self.windows = windows
        self.profile = profile

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_api_path(scope["path"]) or not self.windows.windows:
            await self.app(scope, receive, send)
            return
        credential = self.profile.credentials.read(Headers(scope=scope))
        wait, usage = self.windows.take(credential)
        headers = {}
        for window, used in usage:
            if window.headers is not None:
                limit_name, used_name, left_name = window.headers
                headers |= {limit_name: str(window.limit), used_name: str(used),
                            left_name: str(max(0, window.limit - used))}
        if wait is not None:
            errors = self.profile.errors
            await errors.answer(429, errors.rate_limited, {**headers, "Retry-After": retry_after(wait)})(
                scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []),
                                                  *((k.encode(), v.encode()) for k, v in headers.items())]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
