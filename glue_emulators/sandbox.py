"""Runs provider emulators on loopback ports: the sandbox's fixed ones, or any the caller chooses.

Which emulators exist, what each serves and the sandbox's ports come from the provider registry
(each spec's ``emulator``), so a provider registered through GLUE_PROVIDER_PACKAGES can be served too.
"""

from __future__ import annotations

import json
import signal
import threading
from pathlib import Path

from glue_emulators.server import EmulatorServer
from glue_providers import registry

SAVE_EVERY_SECONDS = 30


def emulated_providers() -> dict[str, object]:
    """Every provider with an emulator: name -> its ProviderSpec."""
    return {spec.name: spec for spec in registry.with_emulator()}


def sandbox_ports() -> dict[str, int]:
    """The sandbox's providers and their fixed ports (9101-9105 for the built-in five)."""
    return {spec.name: spec.emulator.sandbox_port for spec in registry.in_sandbox()}


def sandbox_urls(host: str = "127.0.0.1") -> dict[str, str]:
    return registry.sandbox_urls(host)


def serve_forever(ports: dict[str, int], state_file: Path | None, host: str = "127.0.0.1") -> None:
    """Serves the named emulators until SIGTERM/SIGINT (port 0: a free one); prints their URLs as JSON.

    With ``state_file``, OAuth refresh tokens outlive restarts.
    """
    emulators, servers = {}, {}
    for name in ports:
        emulators[name] = registry.get(name).emulator.create()
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
