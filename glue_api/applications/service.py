"""Applications and their API keys: random, prefixed, stored hashed, shown once."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from glue_api.models import ApiKey, Application

API_KEY_PREFIX = "glue_sk_"
API_KEY_RANDOM_BYTES = 32  # 256 bits


@dataclass(frozen=True)
class IssuedKey:
    application_id: str
    api_key: str  # the only time the plaintext exists


def hash_api_key(api_key: str) -> str:
    return hashlib.sha256(api_key.encode()).hexdigest()


def issue_api_key(session: Session, application: Application) -> IssuedKey:
    api_key = API_KEY_PREFIX + secrets.token_urlsafe(API_KEY_RANDOM_BYTES)
    session.add(
        ApiKey(application_id=application.id, key_hash=hash_api_key(api_key), hint=api_key[: len(API_KEY_PREFIX) + 4])
    )
    return IssuedKey(application.id, api_key)


def create_application(session: Session, name: str) -> IssuedKey:
    application = Application(name=name)
    session.add(application)
    session.flush()
    return issue_api_key(session, application)


def application_for_key(session: Session, api_key: str) -> Application | None:
    if not api_key.startswith(API_KEY_PREFIX):
        return None
    return application_for_key_hash(session, hash_api_key(api_key))


def application_for_key_hash(session: Session, key_hash: str) -> Application | None:
    return session.execute(
        select(Application)
        .join(ApiKey, ApiKey.application_id == Application.id)
        .where(ApiKey.key_hash == key_hash, ApiKey.revoked_at.is_(None))
    ).scalar_one_or_none()
