"""API keys remembered for a few seconds, so an authenticated call needs no key look-up of its own.

Each process keeps, per key hash, a detached copy of the key's application, for ``ttl`` seconds
from the look-up that found it. Within that time a request gets that copy itself, shared and read-only
(merging it into each request's session cost ~5% of a read's CPU): an endpoint that changes the
application merges it into its session first. So a key revoked, or an application deleted, in the store is refused by every
process at most ``ttl`` seconds later; a new key works at once (an unknown key is never cached).
Changes this process commits to an application or its keys forget its copies at once (``watch``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, make_transient_to_detached, sessionmaker

from glue_api.applications.service import API_KEY_PREFIX, application_for_key_hash, hash_api_key
from glue_api.models import ApiKey, Application

API_KEY_CACHE_SECONDS = 2.0


@dataclass(frozen=True)
class _Entry:
    application: Application  # detached and shared: never added to a session, only read (or merged into one)
    expires_at: float


class ApiKeyCache:
    def __init__(self, ttl: float = API_KEY_CACHE_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.ttl = ttl
        self.clock = clock
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def remembered(self, api_key: str) -> Application | None:
        """The key's application, if it is cached: its read-only detached copy (see the module's docstring)."""
        entry = self._entries.get(hash_api_key(api_key))
        if entry is None or entry.expires_at <= self.clock():
            return None
        return entry.application

    def application_for_key(self, session: Session, api_key: str) -> Application | None:
        """The key's application (in ``session`` when looked up, else the cached copy); None for a key that is not
        (or no longer) valid."""
        if not api_key.startswith(API_KEY_PREFIX):
            return None
        if (cached := self.remembered(api_key)) is not None:
            return cached
        key_hash = hash_api_key(api_key)
        now = self.clock()
        application = application_for_key_hash(session, key_hash)
        with self._lock:
            if application is None:
                self._entries.pop(key_hash, None)
            else:
                self._forget_expired(now)
                self._entries[key_hash] = _Entry(_detached_copy(application), now + self.ttl)
        return application

    def watch(self, session_factory: sessionmaker[Session]) -> None:
        """Forgets an application's copies when a session of ``session_factory`` commits a change to it or its keys."""
        event.listen(session_factory, "after_flush", self._note_changed)
        event.listen(session_factory, "after_commit", self._forget_changed)

    def _note_changed(self, session: Session, _flush_context) -> None:
        for instance in (*session.dirty, *session.deleted):
            if isinstance(instance, Application):
                session.info.setdefault(self, set()).add(instance.id)
            elif isinstance(instance, ApiKey):
                session.info.setdefault(self, set()).add(instance.application_id)

    def _forget_changed(self, session: Session) -> None:
        for application_id in session.info.pop(self, ()):
            self.forget_application(application_id)

    def forget_application(self, application_id: str) -> None:
        with self._lock:
            for key_hash in [h for h, e in self._entries.items() if e.application.id == application_id]:
                del self._entries[key_hash]

    def _forget_expired(self, now: float) -> None:
        for key_hash in [h for h, e in self._entries.items() if e.expires_at <= now]:
            del self._entries[key_hash]


def _detached_copy(application: Application) -> Application:
    values = {column.key: getattr(application, column.key) for column in inspect(Application).column_attrs}
    if isinstance(values.get("allowed_redirect_uris"), list):
        values["allowed_redirect_uris"] = list(values["allowed_redirect_uris"])
    copy = Application(**values)
    make_transient_to_detached(copy)  # as if loaded: merging it into a session issues no query
    return copy
