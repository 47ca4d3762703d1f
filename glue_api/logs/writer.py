"""Request logs written in batches, off the request path.

A request only appends its log entry to a buffer; a background thread writes the buffer in one
transaction every ``interval`` seconds (and when ``close()`` is called at shutdown). Readers of the
logs (the Vault's logs API, consumer stats, hosted pages) call ``flush()`` first, so within one
process they see every request answered before theirs. A crash loses what was buffered: at most
the last interval's entries of that process.

Before ``start()`` (an app whose lifespan never ran), entries are written at once, one transaction each.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from glue_api.applications.service import application_for_key
from glue_api.db import transaction
from glue_api.logs.service import ApiCall, record_api_calls

log = logging.getLogger("glue.logs")

FLUSH_INTERVAL_SECONDS = 0.5  # well within the promised second, with room for a slow write


@dataclass(frozen=True)
class PendingLog:
    """A call to log; ``call.application_id`` is empty until resolved from ``api_key``."""

    call: ApiCall
    api_key: str | None = None
    app_id_header: str | None = None  # the Vault's x-apideck-app-id, which must name the key's application


class RequestLogWriter:
    def __init__(self, session_factory: sessionmaker[Session], interval: float = FLUSH_INTERVAL_SECONDS,
                 wait: Callable[[float], object] | None = None):
        """``wait(seconds)`` blocks for one interval; tests pass one they control."""
        self.session_factory = session_factory
        self.interval = interval
        self._stopping = threading.Event()
        self._wait = wait or self._stopping.wait
        self._buffer: list[PendingLog] = []
        self._buffer_lock = threading.Lock()
        self._write_lock = threading.Lock()  # one batch at a time, so a flush() returns after the batch in flight
        self._thread: threading.Thread | None = None

    def submit(self, entry: PendingLog) -> None:
        with self._buffer_lock:
            if self._thread is not None:
                self._buffer.append(entry)
                return
        self._write([entry])

    def start(self) -> None:
        if self._thread is None:
            self._stopping.clear()
            self._thread = threading.Thread(target=self._run, name="glue-request-logs", daemon=True)
            self._thread.start()

    def close(self) -> None:
        """Stops the thread and writes what is buffered."""
        with self._buffer_lock:  # from now on, entries are written at once
            thread, self._thread = self._thread, None
        self._stopping.set()
        if thread is not None:
            thread.join()
        self.flush()

    def holds_entries(self) -> bool:
        """Whether some entry is buffered or being written: if not, a reader need not flush."""
        return bool(self._buffer) or self._write_lock.locked()

    def flush(self) -> None:
        with self._write_lock:
            with self._buffer_lock:
                batch, self._buffer = self._buffer, []
            if batch:
                self._write(batch)

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wait(self.interval)
            try:
                self.flush()
            except Exception as exc:  # the thread must outlive a failed batch
                log.warning("request log not written: %s", type(exc).__name__)

    def _write(self, batch: list[PendingLog]) -> None:
        try:
            with transaction(self.session_factory) as session:
                _add_rows(session, batch)
        except Exception as exc:
            if len(batch) == 1:
                log.warning("request log not written: %s", type(exc).__name__)
                return
            for entry in batch:  # one bad entry must not cost the others their rows
                self._write([entry])


def _add_rows(session: Session, batch: list[PendingLog]) -> None:
    if session.get_bind().dialect.name == "postgresql":
        # A log row lost in a crash is acceptable (see the module docstring); a WAL flush per batch is not needed.
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    applications: dict[str, str | None] = {}
    calls = []
    for entry in batch:
        application_id = entry.call.application_id or _application_of(session, entry, applications)
        if application_id:
            calls.append(replace(entry.call, application_id=application_id))
    record_api_calls(session, calls)


def _application_of(session: Session, entry: PendingLog, known: dict[str, str | None]) -> str | None:
    """The application of a request that authenticated (it did not answer 401) without saying whose it was."""
    if not entry.api_key:
        return None
    if entry.api_key not in known:
        application = application_for_key(session, entry.api_key)
        known[entry.api_key] = application.id if application is not None else None
    application_id = known[entry.api_key]
    if entry.call.api == "vault" and entry.app_id_header != application_id:
        return None
    return application_id
