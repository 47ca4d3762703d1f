"""What the OAuth emulators' tests share: the emulator served with a registered client, and an API
client holding a token the emulator minted."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from glue_emulators.server import EmulatorServer


@contextmanager
def served_with_client(emulator, client_id: str, client_secret: str) -> Iterator[EmulatorServer]:
    emulator.oauth.register_client(client_id, client_secret)
    with EmulatorServer(emulator.app) as running:
        yield running


@contextmanager
def token_holder(emulator, server: EmulatorServer, scheme: str = "Bearer") -> Iterator[httpx.Client]:
    """An HTTP client to the emulator's API with a fresh access token (``scheme``: Zoho says Zoho-oauthtoken)."""
    token = emulator.oauth.mint()["access_token"]
    with httpx.Client(base_url=server.url, headers={"Authorization": f"{scheme} {token}"}) as client:
        yield client
