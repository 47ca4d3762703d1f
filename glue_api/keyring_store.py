"""Where the key ring comes from: ``GLUE_SECRET_KEY`` or, embedded, a file under home."""

from __future__ import annotations

import os
from pathlib import Path

from glue_api.config import Settings
from glue_api.crypto import KeyRing, KeyRingError, generate_key, key_id_for

KEYRING_FILE = "keyring"


def keyring_path(settings: Settings) -> Path:
    return settings.home / KEYRING_FILE


def load_keyring(settings: Settings, create: bool = True) -> KeyRing:
    """The configured key ring; the embedded default makes one on first use."""
    if settings.secret_key:
        return KeyRing.parse(settings.secret_key)
    if not settings.is_embedded:
        raise KeyRingError("GLUE_SECRET_KEY must be set when the store is not the embedded SQLite file")
    path = keyring_path(settings)
    if path.exists():
        return KeyRing.parse(path.read_text())
    if not create:
        raise KeyRingError(f"no key ring at {path}")
    key = generate_key()
    ring = KeyRing([(key_id_for(key), key)])
    write_keyring_file(path, ring)
    return ring


def write_keyring_file(path: Path, ring: KeyRing) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(ring.serialize() + "\n")
    os.replace(tmp, path)
