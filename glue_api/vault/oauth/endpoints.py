"""Vault API: the browser-facing OAuth routes (authorize, callback, revoke).

They carry no API key: the state in the link is the credential. Each answers a 301
(as the spec says) that no browser may cache, since every state works once.
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse

from glue_api.deps import KeyRingDep, SessionDep
from glue_api.models.base import utcnow
from glue_api.vault.oauth import service

router = APIRouter(tags=["vault"])

State = Annotated[str, Query(min_length=1, max_length=512)]
RedirectUri = Annotated[str | None, Query(max_length=2048)]


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=301, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})


@router.get("/authorize/{service_id}/{application_id}", status_code=301)
def authorize(
    service_id: str, application_id: str, state: State, request: Request, session: SessionDep, keyring: KeyRingDep,
    redirect_uri: RedirectUri = None, scope: Annotated[list[str] | None, Query(max_length=2048)] = None,
) -> RedirectResponse:
    # The spec sends scope space-delimited; repeated scope parameters are accepted as well.
    extra_scopes = [s for value in scope or [] for s in value.split()]
    provider_url = service.start_authorization(
        session, request.app.state.settings, keyring, service_id=service_id, application_id=application_id,
        state=state, redirect_uri=redirect_uri, extra_scopes=extra_scopes, now=utcnow(),
    )
    return _redirect(provider_url)


@router.get("/callback", status_code=301)
def callback(
    state: State, request: Request, session: SessionDep, keyring: KeyRingDep,
    code: Annotated[str | None, Query(max_length=4096)] = None,
    error: Annotated[str | None, Query(max_length=256)] = None,
    error_description: Annotated[str | None, Query(max_length=1024)] = None,
) -> RedirectResponse:
    back_to = service.complete_authorization(
        session, request.app.state.settings, keyring, state=state, code=code, error=error,
        error_description=error_description, now=utcnow(), callback_params=dict(request.query_params),
    )
    return _redirect(back_to)


@router.get("/revoke/{service_id}/{application_id}", status_code=301)
def revoke(
    service_id: str, application_id: str, state: State, request: Request, session: SessionDep, keyring: KeyRingDep,
    redirect_uri: RedirectUri = None,
) -> RedirectResponse:
    back_to = service.revoke_authorization(
        session, request.app.state.settings, keyring, service_id=service_id, application_id=application_id,
        state=state, redirect_uri=redirect_uri, now=utcnow(),
    )
    return _redirect(back_to)
