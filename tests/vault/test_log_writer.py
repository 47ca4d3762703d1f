"""Request logs are written in batches off the request path: after one flush interval, and at shutdown."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.logs.writer import FLUSH_INTERVAL_SECONDS, RequestLogWriter
from glue_api.models import RequestLog


class ManualClock:
    """Stands in for the writer's wait: each ``advance()`` ends one interval; ``waits`` counts the waits begun."""

    def __init__(self):
        self._changed = threading.Condition()
        self._ticks = 0
        self._stopped = False
        self.waits = 0
        self.intervals: list[float] = []

    def wait(self, seconds: float) -> None:
        with self._changed:
            self.waits += 1
            self.intervals.append(seconds)
            self._changed.notify_all()
            self._changed.wait_for(lambda: self._ticks > 0 or self._stopped)
            if self._ticks:
                self._ticks -= 1

    def advance(self) -> None:
        with self._changed:
            self._ticks += 1
            self._changed.notify_all()

    def stop(self) -> None:
        with self._changed:
            self._stopped = True
            self._changed.notify_all()

    def wait_for_waits(self, count: int) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self.waits >= count, timeout=60)  # against hanging only


def logged(app) -> list[str]:
    """The operations in the store, read without asking the writer to flush."""
    with transaction(app.state.session_factory) as session:
        return list(session.scalars(select(RequestLog.operation_id).order_by(RequestLog.created_at)))


def test_logs_are_written_after_one_flush_interval_not_during_the_request(app, first_application):
    clock = ManualClock()
    app.state.request_logs = RequestLogWriter(app.state.session_factory, wait=clock.wait)
    with TestClient(app) as client:
        headers = {"x-api-key": first_application.api_key}
        assert clock.wait_for_waits(1)
        assert client.get("/mgmt/v2/customers", headers=headers).status_code == 200
        assert client.get("/mgmt/v2/customers/nobody", headers=headers).status_code == 404
        assert logged(app) == []  # answered, but still in the batch

        clock.advance()  # one flush interval passes
        assert clock.wait_for_waits(2)  # the writer wrote its batch and waits for the next interval
        assert logged(app) == ["getCustomers", "getCustomer"]
        clock.stop()
    assert clock.intervals[0] == FLUSH_INTERVAL_SECONDS <= 1


def test_logs_still_buffered_are_written_at_shutdown(app, first_application):
    clock = ManualClock()  # never advanced: only shutting down can write the batch
    app.state.request_logs = RequestLogWriter(app.state.session_factory, wait=clock.wait)
    with TestClient(app) as client:
        assert client.get("/mgmt/v2/customers", headers={"x-api-key": first_application.api_key}).status_code == 200
        assert logged(app) == []
        clock.stop()  # the writer's wait returns as its real one does when the app stops
    assert logged(app) == ["getCustomers"]


def test_readers_of_logs_see_every_request_answered_before_theirs(app, first_application):
    clock = ManualClock()
    app.state.request_logs = RequestLogWriter(app.state.session_factory, wait=clock.wait)
    with TestClient(app) as client:
        vault_headers = {"authorization": f"Bearer {first_application.api_key}",
                         "x-apideck-app-id": first_application.application_id, "x-apideck-consumer-id": "consumer-1"}
        assert client.post("/vault/sessions", json={}, headers=vault_headers).status_code == 200
        assert client.get("/vault/consumers/consumer-1", headers=vault_headers).status_code == 200

        listed = client.get("/vault/logs", headers=vault_headers).json()["data"]
        stats = client.get("/vault/consumers/consumer-1/stats", headers=vault_headers, params={
            "start_datetime": "2000-01-01T00:00:00Z", "end_datetime": "2100-01-01T00:00:00Z"}).json()["data"]

        assert [log["operation"]["id"] for log in listed] == ["consumersOne", "sessionsCreate"]
        assert stats["aggregated_request_count"] == 3  # the session, the consumer, the logs
        clock.stop()
