"""Webhook delivery from the outbox to a real HTTP receiver: signatures, headers, retries, give-up, concurrency."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import threading
from datetime import timedelta

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import delete, select, update
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from glue_api.config import Settings
from glue_api.db import make_engine, make_session_factory, transaction
from glue_api.events.service import record_event
from glue_api.keyring_store import load_keyring
from glue_api.models import Connection, Customer, Event, WebhookEndpoint
from glue_api.models.base import utcnow
from glue_api.vault.events import record_connection_event
from glue_api.webhooks.delivery import MAX_ATTEMPTS, RETRY_DELAYS, deliver_due_events
from glue_api.webhooks.schemas import WebhookEndpointCreate
from glue_api.webhooks.service import create_endpoint
from glue_emulators.server import EmulatorServer
from tests.support.processes import free_port, glue
from tests.support.spec import load_spec, with_nullable

HUBSPOT = {
    "name": "hubspot", "category": "crm", "auth_type": "oauth2",
    "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": ["crm.objects.contacts.read"],
               "credentials": {"oauth_client_id": "cid", "oauth_client_secret": "csecret"}}},
}


class Receiver:
    """An application's webhook endpoint: records every request, answers the scripted statuses, then 200."""

    def __init__(self, port: int = 0):
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.statuses: list[int] = []
        self.default_status = 200
        self.delay_seconds = 0.0
        self._lock = threading.Lock()
        self.server = EmulatorServer(Starlette(routes=[Route("/hook", self._receive, methods=["POST"])]), port=port)
        self.url = self.server.url + "/hook"

    async def _receive(self, request):
        body = await request.body()
        with self._lock:
            self.requests.append((dict(request.headers), body))
            status = self.statuses.pop(0) if self.statuses else self.default_status
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        return Response(status_code=status)

    def ids(self) -> list[str]:
        return [headers["webhook-id"] for headers, _ in self.requests]


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.server.start()
    yield receiver
    receiver.server.stop()


@pytest.fixture
def connection(app, mgmt):
    """consumer-1's HubSpot connection, and an outbox with nothing else in it."""
    mgmt.put("/customers", json={"customer_id": "consumer-1", "name": "Acme", "email": "it@acme.test"})
    assert mgmt.post("/providers", json=HUBSPOT).status_code == 201
    created = mgmt.post("/customers/consumer-1/connections",
                        json={"provider_name": "hubspot", "type": "oauth2", "refresh_token": "rt-1"})
    assert created.status_code == 200, created.text
    with transaction(app.state.session_factory) as session:
        session.execute(delete(Event))
        return session.execute(select(Connection)).scalar_one().id


def register(http, application, url: str, events: list[str] | None = None) -> str:
    body = {"url": url} | ({"events": events} if events is not None else {})
    response = http.post("/glue/v1/webhook_endpoints", headers={"x-api-key": application.api_key}, json=body)
    assert response.status_code == 201, response.text
    return response.json()["secret"]


def connection_event(app, connection_id: str, event_type: str = "vault.connection.created") -> str:
    with transaction(app.state.session_factory) as session:
        connection = session.get(Connection, connection_id)
        customer = session.get(Customer, connection.customer_id)
        return record_connection_event(session, connection, customer, event_type).id


def event_row(app, event_id: str) -> Event:
    with transaction(app.state.session_factory) as session:
        return session.get(Event, event_id)


def signature_is_valid(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """Standard Webhooks verification, written from the spec, not from Glue's code."""
    key = base64.b64decode(secret[len("whsec_"):])
    signed_content = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed_content, hashlib.sha256).digest()).decode()
    return any(
        version == "v1" and hmac.compare_digest(value, expected)
        for version, _, value in (part.partition(",") for part in headers["webhook-signature"].split(" "))
    )


def connection_event_schema(event_key: str = "ConnectionCreated") -> Draft202012Validator:
    spec = load_spec("apideck-vault.yml")
    schema = spec["x-webhooks"][event_key]["post"]["requestBody"]["content"]["application/json"]["schema"]
    return Draft202012Validator(with_nullable({**schema, "components": spec["components"]}))


def deliver(app, keyring, now=None) -> int:
    return deliver_due_events(app.state.session_factory, keyring, now=now)


def test_a_connection_event_arrives_signed_with_the_specs_headers(app, http, keyring, first_application, connection, receiver):
    secret = register(http, first_application, receiver.url)
    event_id = connection_event(app, connection)

    sent_after = int(utcnow().timestamp())
    assert deliver(app, keyring) == 1
    sent_before = int(utcnow().timestamp())

    [(headers, body)] = receiver.requests
    assert signature_is_valid(secret, headers, body)
    assert sent_after <= int(headers["webhook-timestamp"]) <= sent_before  # when it was sent, not a tolerance
    assert headers["webhook-id"] == event_id
    assert headers["x-apideck-idempotency-key"] == event_id
    assert headers["x-apideck-event-type"] == "vault.connection.created"
    assert headers["content-type"] == "application/json"
    document = json.loads(body)
    connection_event_schema().validate(document)
    payload = document["payload"]
    assert payload["event_id"] == event_id
    assert payload["event_type"] == "vault.connection.created"
    assert payload["execution_attempt"] == 1
    assert payload["entity"]["consumer_id"] == "consumer-1"
    assert payload["entity"]["service_id"] == "hubspot"
    assert payload["entity_id"] == connection

    row = event_row(app, event_id)
    assert row.delivered_at is not None and row.next_attempt_at is None and row.attempts == 1
    assert deliver(app, keyring) == 0  # delivered once, never again
    assert len(receiver.requests) == 1


def test_a_signature_made_with_another_secret_does_not_verify(app, http, keyring, first_application, connection, receiver):
    register(http, first_application, receiver.url)
    connection_event(app, connection)
    deliver(app, keyring)
    [(headers, body)] = receiver.requests
    forged = "whsec_" + base64.b64encode(b"x" * 32).decode()
    assert not signature_is_valid(forged, headers, body)
    assert not signature_is_valid(forged, headers | {"webhook-timestamp": "1"}, body)


def test_failures_are_retried_with_backoff_under_the_same_idempotency_key(
    app, http, keyring, first_application, connection, receiver
):
    secret = register(http, first_application, receiver.url)
    event_id = connection_event(app, connection)
    receiver.statuses = [500, 502]
    start = utcnow()

    assert deliver(app, keyring, now=start) == 1
    assert event_row(app, event_id).next_attempt_at == start + RETRY_DELAYS[0]
    assert deliver(app, keyring, now=start + RETRY_DELAYS[0] - timedelta(seconds=1)) == 0  # not yet

    second = start + RETRY_DELAYS[0]
    assert deliver(app, keyring, now=second) == 1
    assert event_row(app, event_id).next_attempt_at == second + RETRY_DELAYS[1]
    assert deliver(app, keyring, now=second + timedelta(seconds=60)) == 0

    third = second + RETRY_DELAYS[1]
    assert deliver(app, keyring, now=third) == 1
    row = event_row(app, event_id)
    assert row.delivered_at == third and row.attempts == 3 and row.next_attempt_at is None

    assert receiver.ids() == [event_id] * 3
    assert [h["x-apideck-idempotency-key"] for h, _ in receiver.requests] == [event_id] * 3
    assert [json.loads(b)["payload"]["execution_attempt"] for _, b in receiver.requests] == [1, 2, 3]
    assert [int(h["webhook-timestamp"]) for h, _ in receiver.requests] == [
        int(moment.timestamp()) for moment in (start, second, third)
    ]
    assert all(signature_is_valid(secret, headers, body) for headers, body in receiver.requests)


def test_a_retry_goes_only_to_the_endpoints_that_have_not_acknowledged(
    app, http, keyring, first_application, connection, receiver
):
    flaky = Receiver()
    flaky.server.start()
    try:
        register(http, first_application, receiver.url)
        register(http, first_application, flaky.url)
        event_id = connection_event(app, connection)
        flaky.statuses = [500]
        start = utcnow()
        assert deliver(app, keyring, now=start) == 1
        assert event_row(app, event_id).delivered_at is None
        assert deliver(app, keyring, now=start + RETRY_DELAYS[0]) == 1
    finally:
        flaky.server.stop()
    assert receiver.ids() == [event_id]  # acknowledged the first time: not sent again
    assert flaky.ids() == [event_id, event_id]
    assert json.loads(flaky.requests[1][1])["payload"]["execution_attempt"] == 2
    assert event_row(app, event_id).delivered_at == start + RETRY_DELAYS[0]


def test_delivery_gives_up_after_the_last_attempt(app, http, keyring, first_application, connection, receiver, caplog):
    register(http, first_application, receiver.url)
    event_id = connection_event(app, connection)
    receiver.default_status = 503
    moment = utcnow()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert deliver(app, keyring, now=moment) == 1
        if attempt < MAX_ATTEMPTS:
            moment += RETRY_DELAYS[attempt - 1]

    row = event_row(app, event_id)
    assert row.attempts == MAX_ATTEMPTS
    assert row.delivered_at is None and row.next_attempt_at is None  # given up
    assert deliver(app, keyring, now=moment + timedelta(days=30)) == 0
    assert len(receiver.requests) == MAX_ATTEMPTS
    assert "given up" in caplog.text


def test_a_receiver_that_was_down_gets_every_event_once_back(app, http, keyring, first_application, connection):
    down = Receiver(port=free_port())  # its port, not yet listening
    secret = register(http, first_application, down.url)
    event_ids = {connection_event(app, connection, kind) for kind in
                 ("vault.connection.created", "vault.connection.callable", "vault.connection.updated")}
    start = utcnow()
    assert deliver(app, keyring, now=start) == 3
    assert all(event_row(app, e).delivered_at is None for e in event_ids)

    down.server.start()
    try:
        assert deliver(app, keyring, now=start + RETRY_DELAYS[0]) == 3
    finally:
        down.server.stop()
    assert sorted(down.ids()) == sorted(event_ids)
    assert all(signature_is_valid(secret, headers, body) for headers, body in down.requests)
    assert {json.loads(body)["payload"]["execution_attempt"] for _, body in down.requests} == {2}
    assert all(event_row(app, e).delivered_at is not None for e in event_ids)


def test_a_redirect_is_a_failed_delivery(app, http, keyring, first_application, connection, receiver):
    register(http, first_application, receiver.url)
    event_id = connection_event(app, connection)
    receiver.statuses = [302]
    deliver(app, keyring)
    assert event_row(app, event_id).delivered_at is None


def test_concurrent_workers_deliver_each_event_once(app, http, keyring, first_application, connection, receiver):
    register(http, first_application, receiver.url)
    event_ids = [connection_event(app, connection, "vault.connection.updated") for _ in range(12)]
    receiver.delay_seconds = 0.05
    errors: list[BaseException] = []

    def worker():
        try:
            deliver(app, keyring)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert sorted(receiver.ids()) == sorted(event_ids)  # each once
    assert all(event_row(app, e).attempts == 1 for e in event_ids)


def test_only_enabled_subscribed_endpoints_of_the_events_application_receive_it(
    app, http, keyring, first_application, second_application, connection
):
    receivers = [Receiver() for _ in range(5)]
    for receiver in receivers:
        receiver.server.start()
    try:
        connections_only, sync_only, everything, other_app, disabled = receivers
        register(http, first_application, connections_only.url, ["vault.connection.created", "vault.connection.deleted"])
        register(http, first_application, sync_only.url, ["sync.complete"])
        everything_secret = register(http, first_application, everything.url)
        register(http, second_application, other_app.url)
        register(http, first_application, disabled.url)
        with transaction(app.state.session_factory) as session:
            session.execute(update(WebhookEndpoint).where(WebhookEndpoint.url == disabled.url).values(enabled=False))
        created = connection_event(app, connection)
        with transaction(app.state.session_factory) as session:
            completed = record_event(session, first_application.application_id, "sync.complete",
                                     {"type": "sync.complete", "run_id": "r1", "result": "SUCCESS"})
            paused = record_event(session, first_application.application_id, "sync.paused",
                                  {"type": "sync.paused", "sync_id": "s1", "reason": "invalid credentials"})
            session.flush()
            completed, paused = completed.id, paused.id

        assert deliver(app, keyring) == 3
        assert connections_only.ids() == [created]
        assert sync_only.ids() == [completed]
        assert sorted(everything.ids()) == sorted([created, completed, paused])
        assert other_app.requests == [] and disabled.requests == []
        sync_delivery = next(body for headers, body in everything.requests if headers["webhook-id"] == completed)
        # The sync engine's events go out as recorded, signed like every other.
        assert json.loads(sync_delivery) == {"type": "sync.complete", "run_id": "r1", "result": "SUCCESS"}
        assert all(signature_is_valid(everything_secret, h, b) for h, b in everything.requests)
    finally:
        for receiver in receivers:
            receiver.server.stop()


def test_an_event_nobody_subscribed_to_is_settled_without_sending(app, keyring, connection):
    event_id = connection_event(app, connection)
    assert deliver(app, keyring) == 0
    row = event_row(app, event_id)
    assert row.delivered_at is not None and row.attempts == 0 and row.next_attempt_at is None


def test_secrets_stay_out_of_logs(app, http, keyring, first_application, connection, receiver, caplog):
    caplog.set_level(logging.DEBUG)
    secret = register(http, first_application, receiver.url)
    connection_event(app, connection)
    receiver.statuses = [500]
    start = utcnow()
    deliver(app, keyring, now=start)
    deliver(app, keyring, now=start + RETRY_DELAYS[0])
    assert len(receiver.requests) == 2
    key_material = secret[len("whsec_"):]
    assert secret not in caplog.text and key_material not in caplog.text
    listed = http.get("/glue/v1/webhook_endpoints", headers={"x-api-key": first_application.api_key})
    assert secret not in listed.text and key_material not in listed.text


def test_glue_webhooks_deliver_runs_one_pass(tmp_path, receiver):
    env = {"GLUE_HOME": str(tmp_path / "home")}
    glue(env, "migrate")
    application_id = json.loads(glue(env, "apps", "create", "acme", "--json").stdout)["application_id"]
    settings = Settings(home=tmp_path / "home")
    keyring = load_keyring(settings)
    engine = make_engine(settings.resolved_database_url)
    with transaction(make_session_factory(engine)) as session:
        secret = create_endpoint(session, keyring, application_id, WebhookEndpointCreate(url=receiver.url)).secret
        event = record_event(session, application_id, "sync.complete", {"type": "sync.complete", "run_id": "r1"})
        session.flush()
        event_id = event.id
    engine.dispose()

    result = glue(env, "webhooks", "deliver")
    assert json.loads(result.stdout) == {"attempted": 1}
    [(headers, body)] = receiver.requests
    assert headers["webhook-id"] == event_id and signature_is_valid(secret, headers, body)
    assert secret not in result.stdout + result.stderr
    assert json.loads(glue(env, "webhooks", "deliver").stdout) == {"attempted": 0}


# The README's promise, copied by hand from "Delivery and retries" (not read from the product's constants):
# retried after 30 s, 2 min, 10 min, 30 min, 1 h, 3 h, 6 h, 12 h and 24 h; given up after the tenth failed attempt.
README_RETRY_DELAYS = [timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(minutes=30),
                       timedelta(hours=1), timedelta(hours=3), timedelta(hours=6), timedelta(hours=12),
                       timedelta(hours=24)]
README_ATTEMPTS = 10


def test_the_retry_schedule_is_the_one_the_readme_promises(app, http, keyring, first_application, connection, receiver):
    register(http, first_application, receiver.url)
    event_id = connection_event(app, connection)
    receiver.default_status = 500
    moment = utcnow()
    sent_at = []
    for delay in [*README_RETRY_DELAYS, None]:
        assert deliver(app, keyring, now=moment) == 1
        sent_at.append(moment)
        row = event_row(app, event_id)
        if delay is None:
            break
        assert row.next_attempt_at == moment + delay, f"attempt {row.attempts}"
        assert deliver(app, keyring, now=moment + delay - timedelta(seconds=1)) == 0  # not a second early
        moment += delay
    row = event_row(app, event_id)
    assert row.attempts == README_ATTEMPTS and row.next_attempt_at is None and row.delivered_at is None
    assert deliver(app, keyring, now=moment + timedelta(days=365)) == 0
    assert len(receiver.requests) == README_ATTEMPTS
    assert [int(h["webhook-timestamp"]) for h, _ in receiver.requests] == [int(m.timestamp()) for m in sent_at]
    # About two days in all, as the README says.
    assert sent_at[-1] - sent_at[0] == timedelta(hours=46, minutes=42, seconds=30)
