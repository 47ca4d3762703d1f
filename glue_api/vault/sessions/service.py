"""Creating hosted vault sessions: the consumer (made if new), a session row and its signed token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from glue_api.crypto import KeyRing
from glue_api.customers.ids import check_customer_id
from glue_api.customers.repository import find_customer
from glue_api.errors import BadRequest
from glue_api.models import Application, Customer, VaultSession
from glue_api.vault.oauth.redirects import is_allowed_redirect_uri
from glue_api.vault.sessions.schemas import ConsumerMetadata, SessionCreate
from glue_api.vault.sessions.tokens import issue_session_token


@dataclass(frozen=True)
class IssuedSession:
    session: VaultSession
    token: str


def create_session(
    session: Session, keyring: KeyRing, application: Application, consumer_id: str, body: SessionCreate, now: datetime,
) -> IssuedSession:
    if body.redirect_uri is not None and not is_allowed_redirect_uri(application.allowed_redirect_uris, body.redirect_uri):
        raise BadRequest(
            "redirect_uri is not one of the application's allowed redirect URIs (see GET /glue/v1/redirect_uris).",
            title="Redirect URI not allowed",
        )
    metadata = body.consumer_metadata.model_dump(exclude_none=True) if body.consumer_metadata else None
    customer = _consumer(session, application.id, consumer_id, body.consumer_metadata)
    if metadata:
        customer.consumer_metadata = metadata
    settings = body.settings.model_dump()
    if body.custom_consumer_settings is not None:
        settings["custom_consumer_settings"] = body.custom_consumer_settings  # handed to the hosted page as given
    vault_session = VaultSession(
        application_id=application.id,
        customer_id=customer.id,
        settings=settings,
        theme=body.theme.model_dump(exclude_none=True) if body.theme else None,
        consumer_metadata=metadata,
        redirect_uri=body.redirect_uri,
        expires_at=now + body.settings.length,
        created_at=now,
    )
    session.add(vault_session)
    session.flush()
    token = issue_session_token(
        keyring, session_id=vault_session.id, application_id=application.id, consumer_id=consumer_id,
        issued_at=now, expires_at=vault_session.expires_at,
    )
    return IssuedSession(vault_session, token)


def _consumer(session: Session, application_id: str, consumer_id: str, metadata: ConsumerMetadata | None) -> Customer:
    """The consumer, created on first sight (a peer creating it at the same moment gets a 409 and retries)."""
    customer = find_customer(session, application_id, consumer_id)
    if customer is None:
        check_customer_id(consumer_id, "consumer_id")
        metadata = metadata or ConsumerMetadata()
        customer = Customer(
            application_id=application_id, external_id=consumer_id,
            name=metadata.account_name or metadata.user_name or consumer_id, email=metadata.email or "",
        )
        session.add(customer)
        session.flush()
    return customer
