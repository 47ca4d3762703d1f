"""OAuth attempts: server-side, single-use, expiring `state` tokens (only their SHA-256 is stored)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from glue_api.crypto import Sealed
from glue_api.errors import Unauthorized
from glue_api.models import Connection, OAuthAttempt

PURPOSE_AUTHORIZE = "authorize"  # the authorize link Glue hands out
PURPOSE_CALLBACK = "callback"  # the state sent to the provider, which comes back to /vault/callback
PURPOSE_REVOKE = "revoke"  # the revoke link Glue hands out


class InvalidState(Unauthorized):
    title = "Invalid state"


def state_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_attempt(
    session: Session, connection: Connection, purpose: str, now: datetime, lifetime: timedelta, *,
    redirect_uri: str | None = None, code_verifier: Sealed | None = None, scopes: list[str] | None = None,
    magic_link_id: str | None = None,
) -> str:
    """Stores a new attempt and returns its state token, which is never stored itself."""
    # Keeps the table small: a connection's expired attempts can never be used again.
    session.execute(
        delete(OAuthAttempt).where(OAuthAttempt.connection_id == connection.id, OAuthAttempt.expires_at < now)
    )
    token = secrets.token_urlsafe(32)
    session.add(OAuthAttempt(
        application_id=connection.application_id, connection_id=connection.id, purpose=purpose,
        state_hash=state_hash(token), redirect_uri=redirect_uri, code_verifier=code_verifier, scopes=scopes,
        magic_link_id=magic_link_id, expires_at=now + lifetime,
    ))
    session.flush()
    return token


def claim_attempt(session: Session, token: str, purpose: str, now: datetime) -> OAuthAttempt:
    """The attempt a state names, marked used; refused if unknown, used, expired or for another step.

    The mark is a conditional UPDATE, so two requests racing with one state cannot both win.
    """
    attempt = session.scalars(select(OAuthAttempt).where(OAuthAttempt.state_hash == state_hash(token))).one_or_none()
    if attempt is None or attempt.purpose != purpose:
        raise InvalidState("The state is not one Glue issued for this step.")
    if attempt.used_at is not None:
        raise InvalidState("The state was already used; start again from a new link.")
    if attempt.expires_at <= now:
        raise InvalidState("The state has expired; start again from a new link.")
    claimed = session.execute(
        update(OAuthAttempt)
        .where(OAuthAttempt.id == attempt.id, OAuthAttempt.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise InvalidState("The state was already used; start again from a new link.")
    set_committed_value(attempt, "used_at", now)  # what the UPDATE wrote; no second write
    return attempt
