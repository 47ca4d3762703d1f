"""Sell's access tokens: 64 hexadecimal characters, as Sell issues them. Sell's own client (basecrm) refuses
any other length before it sends a request, so the emulator's tokens must have that shape too."""

from __future__ import annotations

import secrets

from glue_emulators.oauth import Grant, OAuthServer


class SellOAuthServer(OAuthServer):
    def _issue(self, grant: Grant, refresh_token: str | None = None) -> dict:
        tokens = super()._issue(grant, refresh_token)
        access_token = secrets.token_hex(32)
        with self._lock:  # the same grant and expiry, under Sell's token shape
            self._access[access_token] = self._access.pop(tokens["access_token"])
        return {**tokens, "access_token": access_token}
