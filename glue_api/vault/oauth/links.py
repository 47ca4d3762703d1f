"""The authorize and revoke links shown on a Vault connection.

Each link carries a fresh signed, single-use, expiring state (see link_states: showing
a link writes nothing); the client appends ``redirect_uri`` (and, for authorize, ``scope``).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from sqlalchemy.orm import Session

from glue_api.config import Settings
from glue_api.crypto import KeyRing
from glue_api.models import Connection
from glue_api.models.base import utcnow
from glue_api.vault.oauth.attempts import PURPOSE_AUTHORIZE, PURPOSE_REVOKE
from glue_api.vault.oauth.link_states import issue_link_state

LINK_LIFETIME = timedelta(hours=1)


def authorize_url(session: Session, settings: Settings, keyring: KeyRing, connection: Connection) -> str:
    return _link(session, settings, keyring, connection, "authorize", PURPOSE_AUTHORIZE)


def revoke_url(session: Session, settings: Settings, keyring: KeyRing, connection: Connection) -> str:
    return _link(session, settings, keyring, connection, "revoke", PURPOSE_REVOKE)


def _link(session: Session, settings: Settings, keyring: KeyRing, connection: Connection, route: str,
          purpose: str) -> str:
    if connection.id is None:
        session.flush()  # a connection added to the session but not yet written gets its id
    token = issue_link_state(keyring, connection, purpose, utcnow(), LINK_LIFETIME)
    base = settings.public_url.rstrip("/")
    service_id, application_id = quote(connection.provider_name, safe=""), quote(connection.application_id, safe="")
    return f"{base}/vault/{route}/{service_id}/{application_id}?state={token}"
