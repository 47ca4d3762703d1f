"""Vault API: POST /vault/sessions starts a hosted vault session for a consumer."""

from fastapi import APIRouter, Body, Request

from glue_api.deps import KeyRingDep, SessionDep
from glue_api.models.base import utcnow
from glue_api.vault.auth import ConsumerIdHeader, VaultApplication
from glue_api.vault.envelope import envelope
from glue_api.vault.sessions import service
from glue_api.vault.sessions.schemas import SessionCreate

router = APIRouter(tags=["vault"])


@router.post("/sessions")
def create_session(
    request: Request,
    application: VaultApplication,
    consumer_id: ConsumerIdHeader,
    session: SessionDep,
    keyring: KeyRingDep,
    body: SessionCreate | None = Body(default=None),
) -> dict:
    issued = service.create_session(session, keyring, application, consumer_id, body or SessionCreate(), utcnow())
    public_url = request.app.state.settings.public_url.rstrip("/")
    return envelope({"session_uri": f"{public_url}/vault/session/{issued.token}", "session_token": issued.token})
