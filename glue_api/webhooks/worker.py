"""``glue webhooks deliver``: one delivery pass, or passes forever with a pause between them."""

from __future__ import annotations

import logging
import time

from glue_api.config import Settings
from glue_api.db import make_engine, make_session_factory
from glue_api.keyring_store import load_keyring
from glue_api.logs.retention import purge_expired_request_logs
from glue_api.webhooks.delivery import deliver_due_events

log = logging.getLogger("glue.webhooks")


def run_delivery(settings: Settings, loop: bool, interval_seconds: float) -> int:
    """Returns the number of events attempted (one pass); with ``loop``, runs until interrupted."""
    keyring = load_keyring(settings, create=False)  # the API's key ring: the worker never makes its own
    engine = make_engine(settings.resolved_database_url)
    session_factory = make_session_factory(engine)
    try:
        if not loop:
            return deliver_due_events(session_factory, keyring)
        while True:
            try:
                deliver_due_events(session_factory, keyring)
            except Exception as exc:  # a store outage must not end the worker; the next pass retries
                log.error("webhook delivery pass failed: %s", type(exc).__name__)
            try:
                # The worker is Glue's one periodic process: each pass also purges one batch of expired logs.
                purge_expired_request_logs(session_factory, settings.request_log_retention_days, max_batches=1)
            except Exception as exc:
                log.error("request log purge failed: %s", type(exc).__name__)
            time.sleep(interval_seconds)
    finally:
        engine.dispose()
