"""OAuth 2.0 authorization server state shared by the emulators (codes, tokens, PKCE)."""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field


class OAuthError(Exception):
    """An RFC 6749 error: ``error`` is the wire code (invalid_grant, invalid_client, ...)."""

    def __init__(self, error: str, description: str):
        super().__init__(description)
        self.error = error
        self.description = description


@dataclass
class Grant:
    client_id: str
    scopes: list[str]
    account_id: str


@dataclass
class PendingCode:
    grant: Grant
    redirect_uri: str
    code_challenge: str | None
    expires_at: float


@dataclass
class OAuthServer:
    """Registered clients, issued codes and tokens of one emulated provider."""

    clients: dict[str, str] = field(default_factory=dict)  # client_id -> client_secret
    access_token_ttl: int = 1800
    account_id: str = "1000001"
    _codes: dict[str, PendingCode] = field(default_factory=dict)
    _access: dict[str, tuple[Grant, float]] = field(default_factory=dict)
    _refresh: dict[str, Grant] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def register_client(self, client_id: str, client_secret: str) -> None:
        self.clients[client_id] = client_secret

    def check_client(self, client_id: str | None, client_secret: str | None) -> None:
        if not client_id or self.clients.get(client_id) != client_secret:
            raise OAuthError("invalid_client", "unknown client or wrong client secret")

    def issue_code(self, client_id: str, redirect_uri: str, scopes: list[str], code_challenge: str | None) -> str:
        if client_id not in self.clients:
            raise OAuthError("invalid_client", "unknown client")
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = PendingCode(
                Grant(client_id, scopes, self.account_id), redirect_uri, code_challenge, time.time() + 300
            )
        return code

    def exchange_code(self, code: str, client_id: str, redirect_uri: str, code_verifier: str | None) -> dict:
        with self._lock:
            pending = self._codes.pop(code, None)  # single use
        if pending is None or pending.expires_at < time.time():
            raise OAuthError("invalid_grant", "authorization code is invalid, expired or already used")
        if pending.grant.client_id != client_id or pending.redirect_uri != redirect_uri:
            raise OAuthError("invalid_grant", "code was issued to another client or redirect_uri")
        if pending.code_challenge is not None:
            if not code_verifier or _s256(code_verifier) != pending.code_challenge:
                raise OAuthError("invalid_grant", "PKCE code_verifier does not match the code_challenge")
        return self._issue(pending.grant)

    def refresh(self, refresh_token: str, client_id: str) -> dict:
        grant = self._refresh.get(refresh_token)
        if grant is None or grant.client_id != client_id:
            raise OAuthError("invalid_grant", "refresh token is invalid or revoked")
        return self._issue(grant, refresh_token=refresh_token)

    def mint(self, client_id: str = "emulator-client", scopes: list[str] | None = None,
             refresh_token: str | None = None) -> dict:
        """Tokens without the browser dance: for tests, benchmarks and the sandbox.

        A given ``refresh_token`` is honoured, so a restarted sandbox accepts the one Glue stored.
        """
        self.clients.setdefault(client_id, "emulator-secret")
        return self._issue(Grant(client_id, scopes or [], self.account_id), refresh_token=refresh_token)

    def refresh_grants(self) -> dict[str, dict]:
        """Every live refresh token with its client and scopes: what a restarted sandbox must honour."""
        with self._lock:
            return {token: {"client_id": g.client_id, "scopes": list(g.scopes)} for token, g in self._refresh.items()}

    def revoke(self, token: str) -> None:
        with self._lock:
            self._refresh.pop(token, None)
            self._access.pop(token, None)

    def revoke_all(self) -> None:
        with self._lock:
            self._refresh.clear()
            self._access.clear()

    def expire_access_tokens(self) -> None:
        with self._lock:
            self._access = {token: (grant, 0.0) for token, (grant, _) in self._access.items()}

    def grant_for(self, access_token: str) -> Grant | None:
        entry = self._access.get(access_token)
        if entry is None or entry[1] < time.time():
            return None
        return entry[0]

    def _issue(self, grant: Grant, refresh_token: str | None = None) -> dict:
        access_token = "at-" + secrets.token_urlsafe(24)
        refresh_token = refresh_token or "rt-" + secrets.token_urlsafe(24)
        with self._lock:
            self._access[access_token] = (grant, time.time() + self.access_token_ttl)
            self._refresh[refresh_token] = grant
        return {
            "access_token": access_token,
            "refresh_token": refresh_token,
            "expires_in": self.access_token_ttl,
            "token_type": "bearer",
            "scope": " ".join(grant.scopes),
        }


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
