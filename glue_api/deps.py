"""Request-scoped dependencies shared by every router."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Annotated

import anyio
from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from glue_api.crypto import KeyRing
from glue_api.db import transaction
from glue_api.errors import Unauthorized
from glue_api.models import Application

if TYPE_CHECKING:
    from glue_api.applications.key_cache import ApiKeyCache


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request: committed when the handler returns, else rolled back.

    Async so it costs no worker thread to open (a new session touches no database); the commit or
    rollback, and the connection's return to the pool, take one worker thread at the end. (A @one_hop read,
    glue_api/one_hop.py, opens and closes its own read session instead.)
    """
    session = request.app.state.session_factory()
    try:
        yield session
    except BaseException:
        with anyio.CancelScope(shield=True):  # a cancelled request still gives its connection back
            await run_in_threadpool(_end, session, False)
        raise
    with anyio.CancelScope(shield=True):
        await run_in_threadpool(_end, session, True)


def _end(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


async def get_keyring(request: Request) -> KeyRing:  # async: a sync dependency would take a worker thread
    return request.app.state.keyring


async def flush_request_logs(request: Request) -> None:
    """Request logs are written in batches: a reader of them first writes what this process holds."""
    writer = request.app.state.request_logs
    if writer.holds_entries():  # else no worker thread is needed
        await run_in_threadpool(writer.flush)


# scope="function": the commit finishes before the response is sent, so a failed commit is the response.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
KeyRingDep = Annotated[KeyRing, Depends(get_keyring)]
# For routes that read request logs: listed in their dependencies=[...], so it runs before their session opens.
ReadsRequestLogs = Depends(flush_request_logs)


async def application_for_key(request: Request, api_key: str) -> Application | None:
    """The key's application from the key cache, on the event loop; else looked up in a worker thread, in a
    transaction of its own. Either way a detached, read-only copy (glue_api/applications/key_cache.py). The
    authentication dependencies take no request session: one dependency fewer for FastAPI to solve on every call."""
    keys = request.app.state.api_keys
    return keys.remembered(api_key) or await run_in_threadpool(_look_up, request.app.state.session_factory, api_key,
                                                                keys)


def _look_up(session_factory: sessionmaker[Session], api_key: str, keys: ApiKeyCache) -> Application | None:
    with transaction(session_factory) as session:
        return keys.application_for_key(session, api_key)


async def get_mgmt_application(
    request: Request, x_api_key: Annotated[str | None, Header(alias="x-api-key")] = None
) -> Application:
    if not x_api_key:
        raise Unauthorized("The x-api-key header is missing.")
    application = await application_for_key(request, x_api_key)
    if application is None:
        raise Unauthorized("The API key is not valid.")
    request.state.application_id = application.id  # for the request log, without a second key look-up
    return application


MgmtApplication = Annotated[Application, Depends(get_mgmt_application)]
