"""Runs provider emulators on loopback ports: the sandbox's fixed ones, or any the caller chooses."""

from __future__ import annotations

import importlib
import json
import signal
import threading
from pathlib import Path

from glue_emulators.server import EmulatorServer

SANDBOX_PORTS = {"hubspot": 9101, "salesforce": 9102, "pipedrive": 9103, "apollo": 9104, "gong": 9105}
OAUTH_SANDBOXES = ("hubspot", "salesforce", "pipedrive")
# What the key-based sandboxes accept: type these on the hosted pages (local emulators only, not real credentials).
SANDBOX_KEYS = {"apollo": ["sandbox-apollo-key"], "gong": [("sandbox-gong-key", "sandbox-gong-secret")]}
SAVE_EVERY_SECONDS = 30
SANDBOX_COUNTS = {
    "hubspot": {"contacts": 2000, "companies": 400, "deals": 600, "leads": 200, "owners": 20},
    "salesforce": {"Account": 400, "Contact": 2000, "Lead": 300, "Opportunity": 600, "User": 20},
    "pipedrive": {"persons": 2000, "organizations": 400, "deals": 600, "leads": 200, "users": 20},
}


def sandbox_urls(host: str = "127.0.0.1") -> dict[str, str]:
    return {name: f"http://{host}:{port}" for name, port in SANDBOX_PORTS.items()}


def serve_forever(ports: dict[str, int], state_file: Path | None, host: str = "127.0.0.1") -> None:
    """Serves the named emulators until SIGTERM/SIGINT (port 0: a free one); prints their URLs as JSON.

    With ``state_file``, OAuth refresh tokens outlive restarts.
    """
    emulators, servers = {}, {}
    for name in ports:
        module = importlib.import_module(f"glue_emulators.{name}")
        emulators[name] = module.create_emulator(SANDBOX_COUNTS[name] if name in SANDBOX_COUNTS else SANDBOX_KEYS[name])
    if state_file:
        restore_refresh_tokens(emulators, state_file)
    for name, emulator in emulators.items():
        servers[name] = EmulatorServer(emulator.app, host=host, port=ports[name]).start()
    print(json.dumps({name: server.url for name, server in servers.items()}), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(SAVE_EVERY_SECONDS):  # also saved now and then, in case the process is killed outright
        if state_file:
            save_refresh_tokens(emulators, state_file)
    if state_file:
        save_refresh_tokens(emulators, state_file)
    for server in servers.values():
        server.stop()


def save_refresh_tokens(emulators: dict, state_file: Path) -> None:
    state = {name: emulator.oauth.refresh_grants() for name, emulator in emulators.items() if _has_oauth(emulator)}
    temporary = state_file.with_suffix(".tmp")
    temporary.write_text(json.dumps(state))
    temporary.replace(state_file)  # never a half-written file


def restore_refresh_tokens(emulators: dict, state_file: Path) -> None:
    if not state_file.exists():
        return
    for name, grants in json.loads(state_file.read_text()).items():
        if name in emulators and _has_oauth(emulators[name]):
            for token, grant in grants.items():
                emulators[name].oauth.mint(grant["client_id"], grant["scopes"], refresh_token=token)


def _has_oauth(emulator) -> bool:
    return getattr(emulator, "oauth", None) is not None
