"""Logs every authenticated Vault and Management API request once its answer is sent
(handed to the app's RequestLogWriter, which writes them in batches).

What is kept: the operation, method, path (no query string), status, duration, the
consumer the call was about and, for failures, Glue's own error message (which never
echoes input). Requests that did not authenticate (401, browser flows, hosted pages)
are not logged: they have no application to be logged under, or could be forged into one.
"""

from __future__ import annotations

import json
import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from glue_api.logs.operations import operation_for
from glue_api.logs.service import ApiCall, current_request_log_id
from glue_api.logs.writer import PendingLog
from glue_api.models.base import new_id, utcnow

log = logging.getLogger("glue.logs")

LOGGED_PREFIXES = {"/vault/": "vault", "/mgmt/v2/": "mgmt"}
UNLOGGED_PREFIXES = ("/vault/session/",)  # hosted pages carry their session token in the path
MAX_ERROR_BODY = 16_384
MAX_SERVICE_ID = 100
CONSUMER_HEADERS = (b"x-apideck-consumer-id", b"x-customer-id")
CONSUMER_PATH_PARAMS = ("consumer_id", "customer_id")


class RequestLogMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        api = _api_of(scope)
        if api is None:
            await self.app(scope, receive, send)
            return
        log_id = new_id()
        token = current_request_log_id.set(log_id)
        started = time.perf_counter()
        status = 500  # what the client gets if the app raises
        error_body = bytearray()

        async def watching_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body" and status >= 400 and len(error_body) < MAX_ERROR_BODY:
                error_body.extend(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, watching_send)
        finally:
            current_request_log_id.reset(token)
            duration_ms = (time.perf_counter() - started) * 1000
            _record(scope, api, log_id, status, bytes(error_body), duration_ms)


def _api_of(scope: Scope) -> str | None:
    if scope["type"] != "http" or scope["path"].startswith(UNLOGGED_PREFIXES):
        return None
    for prefix, api in LOGGED_PREFIXES.items():
        if scope["path"].startswith(prefix):
            return api
    return None


def _record(scope: Scope, api: str, log_id: str, status: int, error_body: bytes, duration_ms: float) -> None:
    route = scope.get("route")
    if route is None or status == 401:
        return  # no operation was reached, or the caller is not who it claims to be
    headers = {name: value.decode("latin-1") for name, value in scope.get("headers", []) if name in _WANTED_HEADERS}
    api_key = _api_key(api, headers)
    known_application = scope.get("state", {}).get("application_id")
    if api_key is None and known_application is None:
        return
    operation_id, operation_name = operation_for(scope["method"], scope["path"]) or _unlisted_operation(route)
    call = ApiCall(
        id=log_id,
        application_id=known_application or "",  # else resolved from the key when the batch is written
        consumer_id=_consumer_id(scope, headers),
        api=api,
        operation_id=operation_id,
        operation_name=operation_name,
        http_method=scope["method"],
        path=scope["path"],
        # The configured address, never the client's Host header (which the client chooses freely).
        base_url=scope["app"].state.settings.public_url.rstrip("/"),
        status_code=status,
        error_message=_error_message(error_body) if status >= 400 else None,
        duration_ms=round(duration_ms, 3),
        service_id=_service_id(scope),
        created_at=utcnow(),
    )
    if known_application is not None:
        entry = PendingLog(call)
    else:
        entry = PendingLog(call, api_key=api_key, app_id_header=headers.get(b"x-apideck-app-id"))
    try:
        scope["app"].state.request_logs.submit(entry)
    except Exception as exc:  # a log that cannot be written must not turn into a failed request
        log.warning("request log not written: %s", type(exc).__name__)


_WANTED_HEADERS = {b"authorization", b"x-api-key", b"x-apideck-app-id", *CONSUMER_HEADERS}


def _api_key(api: str, headers: dict[bytes, str]) -> str | None:
    if api == "mgmt":
        return headers.get(b"x-api-key") or None
    scheme, _, key = headers.get(b"authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return key.strip() or None


def _service_id(scope: Scope) -> str | None:
    path_params = scope.get("path_params", {})
    service_id = path_params.get("service_id") or path_params.get("provider_name")
    return service_id[:MAX_SERVICE_ID] if isinstance(service_id, str) else None


def _consumer_id(scope: Scope, headers: dict[bytes, str]) -> str | None:
    for name in CONSUMER_HEADERS:
        if headers.get(name):
            return headers[name]
    path_params = scope.get("path_params", {})
    for name in CONSUMER_PATH_PARAMS:
        if path_params.get(name):
            return str(path_params[name])
    return None


def _unlisted_operation(route) -> tuple[str, str]:
    """A route neither spec lists (Glue's own additions) is named after its handler."""
    name = getattr(route, "name", "") or "unknown"
    return name, name.replace("_", " ").capitalize()


def _error_message(body: bytes) -> str | None:
    """The message of Glue's own error body, in either API's format."""
    try:
        document = json.loads(body)
    except ValueError:
        return None
    if not isinstance(document, dict):
        return None
    errors = document.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("detail") or errors[0].get("title") or "") or None
    detail = document.get("detail")
    if isinstance(detail, str) and detail:
        return detail
    message = document.get("message")
    return str(message) if message else None
