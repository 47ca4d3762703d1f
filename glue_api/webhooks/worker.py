"""``glue webhooks deliver``: one delivery pass, or a poll loop that keeps every application's lane busy."""

from __future__ import annotations

import threading

from glue_api.config import Settings
from glue_api.db import make_engine, make_session_factory
from glue_api.keyring_store import load_keyring
from glue_api.logs.retention import purge_expired_request_logs
from glue_api.webhooks.delivery import DeliveryWorker, deliver_due_events


def run_delivery(settings: Settings, loop: bool, interval_seconds: float, stop: threading.Event | None = None) -> int:
    """Returns the number of events attempted (one pass); with ``loop``, runs until interrupted (or ``stop``).

    The loop polls every ``interval_seconds`` without waiting for the lanes it started: an application whose
    endpoints are slow keeps its own lane busy while other applications' events are picked up."""
    keyring = load_keyring(settings, create=False)  # the API's key ring: the worker never makes its own
    engine = make_engine(settings.resolved_database_url)
    session_factory = make_session_factory(engine)
    try:
        if not loop:
            return deliver_due_events(session_factory, keyring)
        stop = stop or threading.Event()
        worker = DeliveryWorker(session_factory, keyring)

        def purge_one_batch() -> None:  # the worker is Glue's one periodic process: it also ages out request logs
            purge_expired_request_logs(session_factory, settings.request_log_retention_days, max_batches=1)

        try:
            worker.run_forever(interval_seconds, stop, also=purge_one_batch)
        finally:
            worker.close()
        return 0
    finally:
        engine.dispose()
