"""PKCE (RFC 7636): a random verifier kept server-side, its S256 challenge sent to the provider."""

from __future__ import annotations

import base64
import hashlib
import secrets

CHALLENGE_METHOD = "S256"


def new_code_verifier() -> str:
    # 64 random bytes as base64url: 86 characters, all from the RFC's unreserved set.
    return secrets.token_urlsafe(64)


def code_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
