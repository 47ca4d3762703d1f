"""Glue's store as the engine uses it: settings, sessions and the key ring, made once per process."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from glue_api.config import Settings
from glue_api.crypto import KeyRing
from glue_api.db import make_engine, make_session_factory
from glue_api.keyring_store import load_keyring


@dataclass
class GlueStore:
    settings: Settings = field(default_factory=Settings)
    _keyring: KeyRing | None = None

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.resolved_database_url)

    @cached_property
    def session_factory(self) -> sessionmaker[Session]:
        return make_session_factory(self.engine)

    @property
    def keyring(self) -> KeyRing:
        if self._keyring is None:
            self._keyring = load_keyring(self.settings)
        return self._keyring

    def dispose(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
