"""Findings 4 and 5 of the hostile review: webhook endpoints on internal addresses, and one application's
dead endpoints delaying every other application's deliveries."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from glue_api.db import transaction
from glue_api.events.service import record_event
from glue_api.models import Event
from glue_api.webhooks import delivery
from glue_api.webhooks.delivery import DeliveryWorker, deliver_due_events
from glue_api.webhooks.schemas import WebhookEndpointCreate
from glue_api.webhooks.service import MAX_ENDPOINTS_PER_APPLICATION, create_endpoint
from tests.security.listeners import Listener
from tests.support.store import dump_all_rows

BASE = "/glue/v1/webhook_endpoints"
HANG_GUARD_SECONDS = 60.0  # only stops a broken run from hanging; no speed is claimed


def register(http, application, url: str):
    return http.post(BASE, headers={"x-api-key": application.api_key}, json={"url": url})


def test_internal_addresses_are_refused_at_registration(app, http, first_application, listener,
                                                        no_egress_allowance):
    before = dump_all_rows(app.state.engine)
    for url in (f"{listener.url}/hook", "http://169.254.169.254/latest/meta-data/", f"http://[::1]:{listener.port}/",
                f"http://localhost:{listener.port}/", f"http://0x7f000001:{listener.port}/",
                f"http://[::ffff:127.0.0.1]:{listener.port}/", "http://metadata.google.internal/",
                "http://10.0.0.8/hook", "http://0.0.0.0:80/"):
        response = register(http, first_application, url)
        assert response.status_code == 400, url
        assert "not allowed" in response.json()["errors"][0]["detail"], url
    assert dump_all_rows(app.state.engine) == before
    assert listener.connections == 0


def test_metadata_addresses_are_refused_even_where_loopback_is_allowed(http, first_application):
    response = register(http, first_application, "http://169.254.169.254/latest/meta-data/")
    assert response.status_code == 400 and "never reachable" in response.json()["errors"][0]["detail"]


def test_delivery_checks_the_address_a_name_resolves_to(app, keyring, first_application, listener,
                                                        no_egress_allowance, monkeypatch):
    """A public-looking name registered, then pointed at loopback (DNS rebinding): nothing is sent."""
    real = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        return real("127.0.0.1" if host == "hooks.rebind.test" else host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with transaction(app.state.session_factory) as session:
        create_endpoint(session, keyring, first_application.application_id,
                        WebhookEndpointCreate(url=f"http://hooks.rebind.test:{listener.port}/hook"))
        record_event(session, first_application.application_id, "sync.complete", {"run_id": "r1"})
    assert deliver_due_events(app.state.session_factory, keyring) == 1
    assert listener.connections == 0
    with transaction(app.state.session_factory) as session:
        [event] = session.query(Event).all()
        assert event.delivered_at is None and event.attempts == 1  # a failed attempt, retried on schedule


def test_endpoints_per_application_are_capped(http, first_application, second_application):
    for _ in range(MAX_ENDPOINTS_PER_APPLICATION):
        assert register(http, first_application, "https://app.example.com/hooks").status_code == 201
    refused = register(http, first_application, "https://app.example.com/hooks")
    assert refused.status_code == 409
    assert f"at most {MAX_ENDPOINTS_PER_APPLICATION}" in refused.json()["errors"][0]["detail"]
    assert register(http, second_application, "https://app.example.com/hooks").status_code == 201


@pytest.fixture
def black_holes():
    """Three endpoints that accept the connection and never answer."""
    holes = [Listener(answer=None) for _ in range(3)]
    yield holes
    for hole in holes:
        hole.close()


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_one_applications_dead_endpoints_never_delay_another(app, keyring, first_application, second_application,
                                                             black_holes, listener, monkeypatch):
    # A's sends cannot end before an hour has passed: if B's event arrives at all while they hang, it did not
    # wait for them (event-based; no delivery is timed).
    monkeypatch.setattr(delivery, "REQUEST_TIMEOUT", httpx.Timeout(3600.0))
    a, b = first_application.application_id, second_application.application_id
    with transaction(app.state.session_factory) as session:
        for hole in black_holes:
            create_endpoint(session, keyring, a, WebhookEndpointCreate(url=f"{hole.url}/hook"))
        create_endpoint(session, keyring, b, WebhookEndpointCreate(url=f"{listener.url}/hook"))
        record_event(session, a, "sync.complete", {"run_id": "a1"})
    worker = DeliveryWorker(app.state.session_factory, keyring)
    stop = threading.Event()
    loop = threading.Thread(target=worker.run_forever, args=(0.1, stop), daemon=True)
    loop.start()
    try:
        # A's event is out to all three of A's endpoints at once, and they hang.
        assert wait_until(lambda: all(hole.connections == 1 for hole in black_holes), HANG_GUARD_SECONDS)
        with transaction(app.state.session_factory) as session:
            record_event(session, b, "sync.complete", {"run_id": "b1"})  # due now
        assert wait_until(lambda: listener.connections == 1, HANG_GUARD_SECONDS), \
            "B's webhook waited for A's endpoints"
        assert all(hole.connections == 1 for hole in black_holes)  # A's sends are still hanging
    finally:
        stop.set()
        for hole in black_holes:
            hole.close()  # A's sends end now, rather than at their timeouts
        loop.join(10)
        worker.close()
