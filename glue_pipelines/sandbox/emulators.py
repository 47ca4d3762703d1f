"""Runs every provider emulator on fixed loopback ports, for the embedded default."""

from __future__ import annotations

import importlib
import json
import signal
import threading

from glue_pipelines.emulators.server import EmulatorServer

SANDBOX_PORTS = {"hubspot": 9101, "salesforce": 9102, "pipedrive": 9103, "apollo": 9104, "gong": 9105}
OAUTH_SANDBOXES = ("hubspot", "salesforce", "pipedrive")
# What the key-based sandboxes accept: type these on the hosted pages (local emulators only, not real credentials).
SANDBOX_KEYS = {"apollo": ["sandbox-apollo-key"], "gong": [("sandbox-gong-key", "sandbox-gong-secret")]}
SANDBOX_COUNTS = {
    "hubspot": {"contacts": 2000, "companies": 400, "deals": 600, "leads": 200, "owners": 20},
    "salesforce": {"Account": 400, "Contact": 2000, "Lead": 300, "Opportunity": 600, "User": 20},
    "pipedrive": {"persons": 2000, "organizations": 400, "deals": 600, "leads": 200, "users": 20},
}


def sandbox_urls(host: str = "127.0.0.1") -> dict[str, str]:
    return {name: f"http://{host}:{port}" for name, port in SANDBOX_PORTS.items()}


def serve_forever() -> None:
    servers = []
    for name, port in SANDBOX_PORTS.items():
        module = importlib.import_module(f"glue_pipelines.emulators.{name}")
        emulator = module.create_emulator(SANDBOX_COUNTS[name] if name in SANDBOX_COUNTS else SANDBOX_KEYS[name])
        servers.append(EmulatorServer(emulator.app, port=port).start())
    print(json.dumps(sandbox_urls()), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    for server in servers:
        server.stop()
