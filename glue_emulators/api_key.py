"""What the emulators of key-authenticated APIs (Apollo, Gong) share.

An account accepts a set of credentials. Every request outside /_emulator is the
provider's API and must carry one of them, else it gets the provider's own 401.
Control routes register more credentials and inject faults, the way the OAuth
emulators' control routes register clients (see control.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from glue_emulators.control import CONTROL_PREFIX, FaultMiddleware
from glue_emulators.faults import Faults
from glue_emulators.wire import RouteError, route_error_handlers


@dataclass(frozen=True)
class KeyScheme:
    """How one provider carries credentials and words its refusals."""

    read: Callable[[Headers], Hashable | None]  # the credential a request carries, None when it has none
    from_control_body: Callable[[dict], Hashable]  # the credential a control request registers (KeyError if absent)
    control_path: str  # under /_emulator, e.g. "keys"
    rejected: Callable[[], Response]  # the provider's 401
    render_fault: Callable[[str, Faults], Response]
    route_error: RouteError  # the provider's 404 and 405 for routes it does not serve
    # Paths outside the gate: a provider's own OAuth endpoints (Gong's /oauth2/), which authenticate the app.
    open_prefixes: tuple[str, ...] = ()
    # Credentials accepted besides the registered ones (an OAuth access token the emulator issued).
    also_accepts: Callable[[Hashable], bool] | None = None


class AcceptedCredentials:
    """Credentials the emulated account accepts. Tests add them from their own thread while the
    server thread reads them, hence the lock."""

    def __init__(self, credentials: Iterable[Hashable] = ()):
        self._lock = threading.Lock()
        self._accepted = set(credentials)

    def add(self, credential: Hashable) -> None:
        with self._lock:
            self._accepted.add(credential)

    def __contains__(self, credential: object) -> bool:
        with self._lock:
            return credential in self._accepted


def is_api_path(path: str) -> bool:
    return not path.startswith(CONTROL_PREFIX)


class CredentialGate:
    """Answers the provider's 401 to API requests without an accepted credential."""

    def __init__(self, app: ASGIApp, scheme: KeyScheme, accepted: AcceptedCredentials):
        self.app = app
        self.scheme = scheme
        self.accepted = accepted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        gated = is_api_path(path) and not any(path.startswith(prefix) for prefix in self.scheme.open_prefixes)
        if scope["type"] == "http" and gated:
            credential = self.scheme.read(Headers(scope=scope))
            if credential is None or not self._accepts(credential):
                await self.scheme.rejected()(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _accepts(self, credential: Hashable) -> bool:
        return credential in self.accepted or bool(self.scheme.also_accepts and self.scheme.also_accepts(credential))


class GatedEmulator:
    """A provider's API routes behind its credential check, plus the /_emulator control routes."""

    def __init__(self, scheme: KeyScheme, api_routes: list[Route], credentials: Iterable[Hashable] = (),
                 inner: Callable[[ASGIApp], ASGIApp] | None = None, control: list[Route] = ()):
        """``inner`` wraps the routes inside the credential gate, e.g. with rate windows per credential;
        ``control`` adds control routes (a generated dataset's, see control.py)."""
        self.accepted = AcceptedCredentials(credentials)
        self.faults = Faults()
        app: ASGIApp = Starlette(routes=[*api_routes, *_control_routes(scheme, self.accepted, self.faults),
                                         *control],
                                 exception_handlers=route_error_handlers(scheme.route_error))
        if inner is not None:
            app = inner(app)
        app = CredentialGate(app, scheme, self.accepted)
        # Outermost: an outage or a rate limit answers every request, whatever credential it carries.
        self.app: ASGIApp = FaultMiddleware(app, self.faults, is_api_path, scheme.render_fault)


def _control_routes(scheme: KeyScheme, accepted: AcceptedCredentials, faults: Faults) -> list[Route]:
    async def register(request: Request) -> Response:
        try:
            body = await request.json()
            credential = scheme.from_control_body(body)
        except (ValueError, KeyError, TypeError, AttributeError):
            return JSONResponse({"error": f"expected a JSON object for {scheme.control_path}"}, status_code=400)
        accepted.add(credential)
        return JSONResponse({"registered": True})  # not echoed: these are secrets, even in an emulator

    async def set_faults(request: Request) -> Response:
        try:
            faults.configure(**await request.json())
        except (ValueError, TypeError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(faults.report())

    async def fault_report(request: Request) -> Response:
        return JSONResponse(faults.report())

    return [
        Route(f"{CONTROL_PREFIX}/{scheme.control_path}", register, methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/faults", set_faults, methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/faults", fault_report, methods=["GET"]),
    ]
