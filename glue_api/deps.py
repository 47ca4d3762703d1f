"""Request-scoped dependencies shared by every router."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session

from glue_api.crypto import KeyRing
from glue_api.db import transaction
from glue_api.errors import Unauthorized
from glue_api.models import Application


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the handler returns, else rolled back."""
    with transaction(request.app.state.session_factory) as session:
        yield session


def get_keyring(request: Request) -> KeyRing:
    return request.app.state.keyring


def flush_request_logs(request: Request) -> None:
    """Request logs are written in batches: a reader of them first writes what this process holds."""
    request.app.state.request_logs.flush()


# scope="function": the commit finishes before the response is sent, so a failed commit is the response.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
KeyRingDep = Annotated[KeyRing, Depends(get_keyring)]
# For routes that read request logs: listed in their dependencies=[...], so it runs before their session opens.
ReadsRequestLogs = Depends(flush_request_logs)


def get_mgmt_application(
    request: Request, session: SessionDep, x_api_key: Annotated[str | None, Header(alias="x-api-key")] = None
) -> Application:
    if not x_api_key:
        raise Unauthorized("The x-api-key header is missing.")
    application = request.app.state.api_keys.application_for_key(session, x_api_key)
    if application is None:
        raise Unauthorized("The API key is not valid.")
    request.state.application_id = application.id  # for the request log, without a second key look-up
    return application


MgmtApplication = Annotated[Application, Depends(get_mgmt_application)]
