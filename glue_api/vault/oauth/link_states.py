"""The states of authorize and revoke links: signed, expiring, single-use, and stored only once used.

Every read of a Vault connection shows its links, so issuing a state must write
nothing: the state is signed (HMAC-SHA256 under a key derived from the key ring)
and names its connection, purpose and expiry. Using it records an OAuth attempt
under the state's hash, already marked used; the unique hash makes a second use fail.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select
from sqlalchemy.orm import Session

from glue_api.crypto import KeyRing
from glue_api.models import Connection, OAuthAttempt
from glue_api.vault.oauth.attempts import InvalidState, state_hash

KEY_PURPOSE = b"glue oauth link state v1"  # HKDF info: this derived key signs nothing else
MAX_STATE_LENGTH = 512


def issue_link_state(keyring: KeyRing, connection: Connection, purpose: str, now: datetime, lifetime: timedelta) -> str:
    claims = {"c": connection.id, "p": purpose, "exp": int((now + lifetime).timestamp()),
              "kid": keyring.primary_id, "n": secrets.token_urlsafe(12)}  # the nonce: each read shows a new link
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    return f"{payload}.{_b64(_signature(keyring, keyring.primary_id, payload))}"


def claim_link_state(session: Session, keyring: KeyRing, token: str, purpose: str, now: datetime) -> OAuthAttempt:
    """The attempt the link's state now names, recorded as used; refused if forged, expired, used or misdirected."""
    claims = _verified_claims(keyring, token)
    if claims is None or claims.get("p") != purpose or not isinstance(claims.get("c"), str):
        raise InvalidState("The state is not one Glue issued for this step.")
    expires_at = datetime.fromtimestamp(claims["exp"], timezone.utc)
    if expires_at <= now:
        raise InvalidState("The state has expired; start again from a new link.")
    connection = session.get(Connection, claims["c"])
    if connection is None:
        raise InvalidState("The state is not one Glue issued for this step.")
    digest = state_hash(token)
    if session.scalars(select(OAuthAttempt.id).where(OAuthAttempt.state_hash == digest)).first() is not None:
        raise InvalidState("The state was already used; start again from a new link.")
    attempt = OAuthAttempt(application_id=connection.application_id, connection_id=connection.id, purpose=purpose,
                           state_hash=digest, expires_at=expires_at, used_at=now)
    session.add(attempt)
    # A peer using the same link at the same moment loses on the unique hash (a 409 from the app's
    # IntegrityError handler); a refusal later in this request rolls the row back with everything else.
    session.flush()
    return attempt


def _verified_claims(keyring: KeyRing, token: str) -> dict | None:
    if len(token) > MAX_STATE_LENGTH or not token.isascii():
        return None
    payload, _, signature = token.partition(".")
    try:
        claims = json.loads(_unb64(payload))
        key_id = claims["kid"] if isinstance(claims, dict) else None
        if not isinstance(key_id, str) or key_id not in keyring.key_ids:
            return None
        if not hmac.compare_digest(_unb64(signature), _signature(keyring, key_id, payload)):
            return None
    except (ValueError, KeyError):
        return None
    return claims if isinstance(claims.get("exp"), int) else None


def _signature(keyring: KeyRing, key_id: str, payload: str) -> bytes:
    return hmac.new(_signing_key(keyring, key_id), payload.encode(), hashlib.sha256).digest()


@lru_cache(maxsize=64)
def _signing_key(keyring: KeyRing, key_id: str) -> bytes:
    """Derived once per key ring (which never changes) and key: every read of a Vault connection signs two links."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_PURPOSE).derive(_key_material(keyring, key_id))


def _key_material(keyring: KeyRing, key_id: str) -> bytes:
    # KeyRing hands out its keys only in serialized form ("id:base64,id:base64").
    for item in keyring.serialize().split(","):
        item_id, _, encoded = item.rpartition(":")
        if item_id == key_id:
            return base64.b64decode(encoded)
    raise KeyError(key_id)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
