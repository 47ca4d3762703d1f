"""create_app(): the one ASGI application serving both APIs over one store."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from glue_api.admin.router import admin_routers
from glue_api.applications.key_cache import ApiKeyCache
from glue_api.body_limit import BodyLimitMiddleware
from glue_api.config import Settings
from glue_api.crypto import KeyRing, KeyRingError
from glue_api.db import make_engine, make_read_engine, make_read_session_factory, make_session_factory
from glue_api.errors import BadRequest, Conflict, GlueError
from glue_api.gc_tuning import serving_gc
from glue_api.input_guard import InputGuardMiddleware
from glue_api.keyring_store import load_keyring
from glue_api.logs.middleware import RequestLogMiddleware
from glue_api.logs.redaction import redacted_path
from glue_api.logs.writer import RequestLogWriter
from glue_api.mgmt.errors import render_glue_error
from glue_api.mgmt.router import MGMT_PREFIX, mgmt_busiest_routers, mgmt_routers
from glue_api.pages.errors import PageError
from glue_api.pages.rendering import ASSETS_PATH, PAGE_PREFIXES, STATIC_DIR, error_page
from glue_api.pages.router import pages_routers
from glue_api.validation import describe_validation_errors
from glue_api.vault.errors import render_vault_error
from glue_api.vault.router import VAULT_PREFIX, vault_busiest_routers, vault_routers
from glue_providers.egress import EgressRefused

log = logging.getLogger("glue.api")


def create_app(settings: Settings | None = None, keyring: KeyRing | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(title="Glue", version="0.1.0", docs_url="/docs", redoc_url=None, lifespan=_lifespan)
    app.state.settings = settings
    app.state.keyring = keyring or load_keyring(settings)
    app.state.engine = make_engine(settings.resolved_database_url)
    app.state.session_factory = make_session_factory(app.state.engine)
    app.state.read_engine = make_read_engine(settings.resolved_database_url, app.state.engine)
    app.state.read_session_factory = make_read_session_factory(app.state.read_engine)
    app.state.request_logs = RequestLogWriter(app.state.session_factory)
    app.state.api_keys = ApiKeyCache()
    app.state.api_keys.watch(app.state.session_factory)

    _include_routers(app)
    _install_error_handlers(app)
    app.add_middleware(  # inside the body limit, so the body it reads is bounded
        InputGuardMiddleware,
        reject=lambda scope, problem: render_error(scope["path"], BadRequest(problem, title="Invalid request")),
    )
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        reject=lambda scope: render_error(
            scope["path"],
            BadRequest(f"The request body is larger than {settings.max_body_bytes} bytes.", title="Request too large"),
        ),
    )
    app.add_middleware(RequestLogMiddleware)  # outermost, so it sees the status every other layer settled on

    @app.get("/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def close_store_connections(app: FastAPI) -> None:
    """Closes the pooled connections of both of the app's engines (before forking workers, or when done with it)."""
    app.state.engine.dispose()
    app.state.read_engine.dispose()


def _include_routers(app: FastAPI) -> None:
    """Every endpoint router goes into the app itself, not into a router of routers, and both APIs' busiest
    routers go before the others: FastAPI tries a request against the app's routes in order, at ~1.5 us a route
    and again at each level of nesting. The two APIs' paths never overlap, so their routers may interleave."""
    for prefix, routers in ((MGMT_PREFIX, mgmt_busiest_routers), (VAULT_PREFIX, vault_busiest_routers)):
        for router in routers:  # /mgmt/v2/customers/..., /vault/consumers/..., /vault/connections/...: no page's
            app.include_router(router, prefix=prefix)
    for router in pages_routers:  # before the other Vault routers: /vault/session/... are pages, not operations
        app.include_router(router)
    app.mount(ASSETS_PATH, StaticFiles(directory=STATIC_DIR), name="page-assets")
    for prefix, routers in ((MGMT_PREFIX, mgmt_routers), (VAULT_PREFIX, vault_routers), ("", admin_routers)):
        for router in routers:
            app.include_router(router, prefix=prefix)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.request_logs.start()
    try:
        with serving_gc():
            yield
    finally:
        await anyio.to_thread.run_sync(app.state.request_logs.close)  # buffered request logs are written


# The Vault's OAuth routes are visited by a customer's browser: it gets a page, API clients the spec's JSON.
BROWSER_FLOW_PREFIXES = ("/vault/callback", "/vault/authorize/", "/vault/revoke/")


def render_error(path: str, exc: GlueError, accept: str = "") -> Response:
    """Each API answers errors in its own body: the Vault's under /vault, Supaglue's elsewhere; browsers get pages."""
    if isinstance(exc, PageError) or path.startswith(PAGE_PREFIXES):
        return error_page(exc)
    if path.startswith(BROWSER_FLOW_PREFIXES) and "text/html" in accept:
        return error_page(exc)
    if path.startswith("/vault"):
        return render_vault_error(exc)
    return render_glue_error(exc)


def _render(request: Request, exc: GlueError) -> Response:
    return render_error(request.url.path, exc, request.headers.get("accept", ""))


class _HTTPError(GlueError):
    def __init__(self, status_code: int, detail: str):
        super().__init__(detail, title=detail)
        self.status_code = status_code
        self.code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}.get(status_code, "HTTP_ERROR")


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(GlueError)
    async def glue_error(request: Request, exc: GlueError) -> Response:
        return _render(request, exc)

    @app.exception_handler(EgressRefused)
    async def egress_refused(request: Request, exc: EgressRefused) -> Response:
        # A tenant-supplied address Glue will not call: the caller's to fix, and the message names only the host.
        return _render(request, BadRequest(str(exc), title="Address not allowed"))

    @app.exception_handler(IntegrityError)
    async def integrity_error(request: Request, exc: IntegrityError) -> Response:
        # Two requests racing to create the same thing: the loser gets the uniqueness conflict.
        return _render(request, Conflict("The request conflicts with the current state of the resource."))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return _render(request, BadRequest(describe_validation_errors(exc.errors()), title="Invalid request"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _render(request, _HTTPError(exc.status_code, str(exc.detail)))

    @app.exception_handler(KeyRingError)
    async def secret_unreadable(request: Request, exc: KeyRingError) -> Response:
        # A stored secret that will not open (altered bytes, a key gone from the ring): the operator's to fix.
        # The message names a key id at most, never a secret or a ciphertext.
        log.error("a stored secret could not be opened on %s %s: %s", request.method,
                  redacted_path(request.url.path), exc)
        return _render(request, GlueError(f"A stored secret could not be opened: {exc}.",
                                          title="Stored secret unreadable"))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # Log the type only: messages of driver errors can quote bound parameters.
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, redacted_path(request.url.path))
        return _render(request, GlueError("An unexpected error occurred."))
