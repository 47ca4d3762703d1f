"""Envelope encryption of secrets at rest: AES-256-GCM under a key ring.

Every ciphertext carries the id of the key that sealed it, so old keys can be
kept for reading while new writes (and ``glue keys rotate``) use the primary.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12


class KeyRingError(Exception):
    """The key ring is missing, malformed, or lacks the key a ciphertext needs."""


@dataclass(frozen=True)
class Sealed:
    """A ciphertext as stored: the sealing key's id and nonce + ciphertext bytes."""

    key_id: str
    blob: bytes

    def __repr__(self) -> str:  # never leak even the ciphertext into logs
        return "Sealed(***)"

    __str__ = __repr__

    def to_text(self) -> str:
        return f"{self.key_id}:{base64.b64encode(self.blob).decode()}"

    @classmethod
    def from_text(cls, text: str) -> Sealed:
        key_id, _, payload = text.partition(":")
        return cls(key_id=key_id, blob=base64.b64decode(payload))


def key_id_for(key: bytes) -> str:
    return "k" + hashlib.sha256(key).hexdigest()[:12]


def generate_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def encode_key(key: bytes) -> str:
    return base64.b64encode(key).decode()


class KeyRing:
    """Named AES-256 keys; the first one seals, any of them opens."""

    def __init__(self, keys: list[tuple[str, bytes]]):
        if not keys:
            raise KeyRingError("the key ring holds no key")
        for key_id, key in keys:
            if len(key) != 32:
                raise KeyRingError(f"key {key_id} is not 256 bits long")
        self._keys = dict(keys)
        self.primary_id = keys[0][0]

    @classmethod
    def parse(cls, text: str) -> KeyRing:
        """Read ``id:base64,id:base64`` or a single bare base64 key."""
        keys = []
        for item in (part.strip() for part in text.split(",")):
            if not item:
                continue
            key_id, sep, encoded = item.rpartition(":")
            try:
                key = base64.b64decode(encoded, validate=True)
            except ValueError as exc:
                raise KeyRingError("a key in the key ring is not valid base64") from exc
            keys.append((key_id if sep else key_id_for(key), key))
        return cls(keys)

    def serialize(self) -> str:
        return ",".join(f"{kid}:{encode_key(key)}" for kid, key in self._keys.items())

    def with_new_primary(self, key: bytes) -> KeyRing:
        return KeyRing([(key_id_for(key), key), *self._keys.items()])

    @property
    def key_ids(self) -> list[str]:
        return list(self._keys)

    def seal(self, plaintext: bytes) -> Sealed:
        nonce = os.urandom(NONCE_BYTES)
        ciphertext = AESGCM(self._keys[self.primary_id]).encrypt(nonce, plaintext, None)
        return Sealed(self.primary_id, nonce + ciphertext)

    def open(self, sealed: Sealed) -> bytes:
        key = self._keys.get(sealed.key_id)
        if key is None:
            raise KeyRingError(f"no key {sealed.key_id} in the key ring")
        try:
            return AESGCM(key).decrypt(sealed.blob[:NONCE_BYTES], sealed.blob[NONCE_BYTES:], None)
        except InvalidTag:
            # GCM's tag check failed: the bytes were altered (or sealed by another key of the same id).
            raise KeyRingError(f"a ciphertext sealed with key {sealed.key_id} failed its integrity check") from None

    def seal_json(self, value: Any) -> Sealed:
        return self.seal(json.dumps(value, separators=(",", ":")).encode())

    def open_json(self, sealed: Sealed) -> Any:
        return json.loads(self.open(sealed))

    def reseal(self, sealed: Sealed) -> Sealed:
        """The same plaintext under the primary key (a no-op if already there)."""
        if sealed.key_id == self.primary_id:
            return sealed
        return self.seal(self.open(sealed))
