"""Session tokens: HS256 JWTs keyed by a key derived (HKDF-SHA256) from the key ring.

The JWT header names the key ring key (``kid``) the signing key came from, so tokens
issued before a key rotation verify for as long as the old key stays in the ring.
"""

from __future__ import annotations

import base64
from datetime import datetime, timezone

import jwt
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from glue_api.crypto import KeyRing
from glue_api.errors import Unauthorized

ALGORITHM = "HS256"
KEY_PURPOSE = b"glue vault session token v1"  # HKDF info: this derived key signs nothing else
CLAIMS = ("session_id", "application_id", "consumer_id", "iat", "exp")


class SessionTokenInvalid(Unauthorized):
    title = "Invalid session token"


class SessionTokenExpired(SessionTokenInvalid):
    title = "Session expired"


def issue_session_token(
    keyring: KeyRing, *, session_id: str, application_id: str, consumer_id: str, issued_at: datetime,
    expires_at: datetime,
) -> str:
    claims = {
        "session_id": session_id,
        "application_id": application_id,
        "consumer_id": consumer_id,
        "iat": int(issued_at.timestamp()),
        "exp": int(expires_at.timestamp()),
    }
    key_id = keyring.primary_id
    return jwt.encode(claims, _signing_key(keyring, key_id), algorithm=ALGORITHM, headers={"kid": key_id})


def verify_session_token(token: str, keyring: KeyRing, now: datetime | None = None) -> dict:
    """The token's claims; SessionTokenExpired or SessionTokenInvalid (tampered, foreign key, malformed) if not valid."""
    now = now or datetime.now(timezone.utc)
    try:
        key_id = jwt.get_unverified_header(token).get("kid")
    except jwt.InvalidTokenError:
        raise SessionTokenInvalid("The session token is malformed.") from None
    if not isinstance(key_id, str) or key_id not in keyring.key_ids:
        raise SessionTokenInvalid("The session token was not issued by this Glue instance.")
    try:
        claims = jwt.decode(
            token, _signing_key(keyring, key_id), algorithms=[ALGORITHM],
            # Expiry is checked below against `now`, so callers and tests control the clock.
            options={"require": list(CLAIMS), "verify_exp": False, "verify_iat": False},
        )
    except jwt.InvalidTokenError:
        raise SessionTokenInvalid("The session token's signature or claims are not valid.") from None
    if not isinstance(claims["exp"], int) or now.timestamp() >= claims["exp"]:
        raise SessionTokenExpired("The session has expired; create a new one with POST /vault/sessions.")
    return claims


def _signing_key(keyring: KeyRing, key_id: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_PURPOSE)
    return hkdf.derive(_key_material(keyring, key_id))


def _key_material(keyring: KeyRing, key_id: str) -> bytes:
    # KeyRing hands out its keys only in serialized form ("id:base64,id:base64").
    for item in keyring.serialize().split(","):
        item_id, _, encoded = item.rpartition(":")
        if item_id == key_id:
            return base64.b64decode(encoded)
    raise SessionTokenInvalid("The session token was not issued by this Glue instance.")
