"""An emulator of one Marketo instance (``https://<munchkin id>.mktorest.com``): its identity endpoint, the slice
of the REST and bulk extract APIs Glue reads (api.py, bulk.py), following Marketo's public reference
(experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest: Authentication, Error Codes, Paging Tokens,
Leads, Activities, Bulk Lead Extract, Programs).

- ``GET|POST /identity/oauth/token?grant_type=client_credentials&client_id=&client_secret=``: a token for a
  registered client (``/_emulator/clients``), an hour long; a wrong client is HTTP 401
  ``{"error": "unauthorized", "error_description": "Bad client credentials"}``. Not counted as an API call.
- Every API answer is HTTP 200 ``{requestId, success, ...}``; refusals are ``success: false`` with
  ``errors: [{code, message}]``: 601 for a token Marketo does not know, 602 for an expired one.
- Faults (``/_emulator/faults``) speak Marketo: ``unauthorized`` makes the API answer 601 and the identity
  endpoint refuse the client (the API-only user was blocked); ``rate_limit`` answers 606 (100 calls in 20 s) when
  its ``retry_after_seconds`` fits in the 20-second window, else 607 (daily quota) with a ``Date`` header placed
  ``retry_after_seconds`` before midnight US Central, when Marketo's quota resets: the emulated instance's clock
  says how long the quota stays spent. ``server_error`` is an HTTP 500.
- ``POST /_emulator/errors {"codes": ["615", "602"]}``: the next API calls refuse with those codes, one each, in
  order (615: more than 10 concurrent calls; 602: token expired), for error paths the faults do not cover.

    emulator = create_emulator({"leads": 200, "programs": 20})
    emulator.oauth.register_client("id", "secret")
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from zoneinfo import ZoneInfo

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from glue_emulators.bearer_api import bearer_token
from glue_emulators.control import CONTROL_PREFIX, FaultMiddleware, control_routes
from glue_emulators.dataset import Dataset
from glue_emulators.faults import Faults
from glue_emulators.marketo.api import api_routes, failure, is_api_path
from glue_emulators.marketo.bulk import BulkExports, bulk_routes
from glue_emulators.marketo.render import remote_id, render
from glue_emulators.oauth import OAuthError, OAuthServer
from glue_emulators.wire import route_error_handlers

DEFAULT_COUNTS = {"leads": 250, "programs": 20}
ACCESS_TOKEN_TTL = 3600
WINDOW_SECONDS = 20
SANDBOX_CLIENT = ("sandbox-marketo-client", "sandbox-marketo-secret")
QUOTA_ZONE = ZoneInfo("America/Chicago")


@dataclass
class MarketoEmulator:
    app: ASGIApp
    dataset: Dataset
    faults: Faults
    oauth: OAuthServer
    exports: BulkExports


def create_emulator(counts: dict[str, int] | None = None) -> MarketoEmulator:
    """``counts``: leads and programs; the sandbox's client is registered."""
    dataset = Dataset({**DEFAULT_COUNTS, **(counts or {})})
    oauth = OAuthServer(access_token_ttl=ACCESS_TOKEN_TTL)
    oauth.register_client(*SANDBOX_CLIENT)
    faults = Faults()
    exports = BulkExports(dataset)
    queued = QueuedErrors()
    routes = [*api_routes(dataset), *bulk_routes(exports), *identity_routes(oauth, faults),
              *control_routes(dataset, faults, oauth, remote_id, render), queued.control_route()]
    app: ASGIApp = Starlette(routes=routes, exception_handlers=route_error_handlers(_route_error))
    app = _TokenGate(app, oauth)
    app = queued.middleware(app)
    app = FaultMiddleware(app, faults, is_api_path, _render_fault)
    return MarketoEmulator(app, dataset, faults, oauth, exports)


def identity_routes(oauth: OAuthServer, faults: Faults) -> list[Route]:
    async def token(request: Request) -> Response:
        params = dict(request.query_params)
        if request.method == "POST":
            params |= dict(await request.form())
        if params.get("grant_type") != "client_credentials":
            return JSONResponse({"error": "unsupported_grant_type",
                                 "error_description": "Unsupported grant type"}, status_code=400)
        try:
            if faults.unauthorized:  # the custom service's API-only user is blocked
                raise OAuthError("unauthorized", "Bad client credentials")
            oauth.check_client(params.get("client_id"), params.get("client_secret"))
        except OAuthError:
            return JSONResponse({"error": "unauthorized", "error_description": "Bad client credentials"},
                                status_code=401)
        issued = oauth.mint(params["client_id"])
        return JSONResponse({"access_token": issued["access_token"], "token_type": "bearer",
                             "expires_in": ACCESS_TOKEN_TTL - 1, "scope": "apis@example.test"})

    return [Route("/identity/oauth/token", token, methods=["GET", "POST"])]


MESSAGES = {"601": "Access token invalid", "602": "Access token expired",
            "606": f"Max rate limit '100' exceeded with in '{WINDOW_SECONDS}' secs", "607": "Daily quota reached",
            "615": "Concurrent access limit reached", "1029": "Export daily quota 500MB exceeded"}


class QueuedErrors:
    """Error codes the next API calls answer with, one per call."""

    def __init__(self):
        self.codes: list[str] = []
        self.lock = threading.Lock()

    def control_route(self) -> Route:
        async def queue(request: Request) -> Response:
            codes = [str(code) for code in (await request.json()).get("codes", [])]
            unknown = [code for code in codes if code not in MESSAGES]
            if unknown:
                return JSONResponse({"error": f"unknown codes {unknown}; known: {sorted(MESSAGES)}"}, status_code=400)
            with self.lock:
                self.codes += codes
            return JSONResponse({"queued": len(self.codes)})

        return Route(f"{CONTROL_PREFIX}/errors", queue, methods=["POST"])

    def middleware(self, app: ASGIApp) -> ASGIApp:
        async def answer(scope: Scope, receive: Receive, send: Send) -> None:
            code = None
            if scope["type"] == "http" and is_api_path(scope["path"]):
                with self.lock:
                    code = self.codes.pop(0) if self.codes else None
            if code is None:
                await app(scope, receive, send)
            else:
                await failure(code, MESSAGES[code])(scope, receive, send)

        return answer


class _TokenGate:
    """601 for API calls without a token Marketo issued (and still honours)."""

    def __init__(self, app: ASGIApp, oauth: OAuthServer):
        self.app, self.oauth = app, oauth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and is_api_path(scope["path"]):
            token = bearer_token(Headers(scope=scope))
            if token is None or self.oauth.grant_for(token) is None:
                await failure("601", "Access token invalid")(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _render_fault(fault: str, faults: Faults) -> Response:
    if fault == "unauthorized":
        return failure("601", "Access token invalid")
    if fault == "rate_limit":
        if faults.retry_after_seconds <= WINDOW_SECONDS:
            return failure("606", f"Max rate limit '100' exceeded with in '{WINDOW_SECONDS}' secs")
        answer = failure("607", "Daily quota reached")
        answer.headers["Date"] = format_datetime(_before_quota_reset(faults.retry_after_seconds), usegmt=True)
        return answer
    return JSONResponse({"error": "Internal Server Error"}, status_code=500)


def _before_quota_reset(seconds: float) -> datetime:
    """The instant ``seconds`` (whole) before the next midnight in Marketo's quota time zone."""
    local = datetime.now(QUOTA_ZONE)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), QUOTA_ZONE)
    return (midnight - timedelta(seconds=round(seconds))).astimezone(timezone.utc)


def _route_error(status_code: int, request: Request) -> Response:
    # Marketo answers unknown REST routes with HTTP 404 and its envelope.
    return JSONResponse({"requestId": "0#0", "success": False,
                         "errors": [{"code": str(status_code), "message": "Not Found"}]}, status_code=status_code)
