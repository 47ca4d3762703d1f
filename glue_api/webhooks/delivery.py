"""Delivers the outbox: every due event to every enabled endpoint of its application subscribed to its type.

Concurrency: a worker claims an event with one conditional UPDATE that counts the
attempt and pushes ``next_attempt_at`` a lease ahead, so a peer running the same
query no longer sees it as due. No transaction is held while sending. If a worker
dies mid-delivery, the event is due again when the lease runs out.

Fairness: each application's due events go through its own lane (a thread that
delivers them in order), and an event's endpoints are sent to at once, each with its
own timeout. An application whose endpoints never answer holds up its own lane only:
other applications' events are picked up by the next poll while it waits.

Delivery is at least once: an event is retried to each endpoint until it answered
2xx (an endpoint that did is not sent the event again), and receivers tell repeats
(after a lost answer, say) apart by ``webhook-id`` (the same as
``x-apideck-idempotency-key``: the event id, unchanged across retries).

Endpoint URLs go through the egress guard: the resolved address is checked when each
connection opens, and redirects are never followed.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from glue_api.crypto import KeyRing
from glue_api.db import transaction
from glue_api.models import Event
from glue_api.models.base import utcnow
from glue_api.vault.events import CONNECTION_EVENTS
from glue_api.webhooks.repository import subscribed_endpoints
from glue_api.webhooks.service import MAX_ENDPOINTS_PER_APPLICATION
from glue_api.webhooks.signing import sign
from glue_providers.egress import EgressRefused, guarded_client

log = logging.getLogger("glue.webhooks")

# Wait after the n-th failed attempt; the attempt after the last wait is the final one (about 2 days in all).
RETRY_DELAYS = (
    timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(minutes=30), timedelta(hours=1),
    timedelta(hours=3), timedelta(hours=6), timedelta(hours=12), timedelta(hours=24),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
CLAIM_LEASE = timedelta(minutes=5)  # longer than one event's delivery to all its endpoints can take
REQUEST_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
BATCH_SIZE = 50
APPLICATION_LANES = 16  # applications one worker delivers to at the same time
USER_AGENT = "Glue-Webhooks/1"


@dataclass(frozen=True)
class Target:
    endpoint_id: str
    url: str
    secret: str

    def __repr__(self) -> str:  # keep the secret out of tracebacks and logs
        return f"Target({self.endpoint_id})"


@dataclass(frozen=True)
class Claim:
    event_id: str
    event_type: str
    payload: dict
    attempt: int  # 1 for the first delivery
    targets: list[Target]  # the subscribed endpoints that have not acknowledged it yet
    acknowledged: tuple[str, ...] = ()


def webhook_client() -> httpx.Client:
    """Through the egress guard, never following redirects, with room for every lane's endpoints at once."""
    connections = APPLICATION_LANES * MAX_ENDPOINTS_PER_APPLICATION
    return guarded_client(timeout=REQUEST_TIMEOUT, follow_redirects=False,
                          limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections))


class DeliveryWorker:
    """Polls the outbox and hands each application's due events to that application's lane."""

    def __init__(self, session_factory: sessionmaker[Session], keyring: KeyRing, http: httpx.Client | None = None,
                 clock: Callable[[], datetime] = utcnow, lanes: int = APPLICATION_LANES):
        self.session_factory = session_factory
        self.keyring = keyring
        self.clock = clock
        self._own_client = http is None
        self.http = http or webhook_client()
        self._pool = ThreadPoolExecutor(max_workers=lanes, thread_name_prefix="glue-webhooks")
        self._lanes: dict[str, Future] = {}  # application id -> its lane, while it runs
        self._lock = threading.Lock()

    def poll(self, skip: set[str] | frozenset[str] = frozenset()) -> list[Future]:
        """Starts a lane for each application with due events and none running; returns the lanes started."""
        with self._lock:
            busy = {app_id for app_id, lane in self._lanes.items() if not lane.done()}
            self._lanes = {app_id: lane for app_id, lane in self._lanes.items() if app_id in busy}
        due = _due_events(self.session_factory, self.clock(), busy)
        by_application: dict[str, list[str]] = {}
        for event_id, application_id in due:
            if event_id not in skip:
                by_application.setdefault(application_id, []).append(event_id)
        started = []
        with self._lock:
            for application_id, event_ids in by_application.items():
                lane = self._pool.submit(self._deliver_lane, event_ids)
                self._lanes[application_id] = lane
                started.append(lane)
        return started

    def _deliver_lane(self, event_ids: list[str]) -> list[str]:
        """Attempts one application's events in order; returns the ids attempted."""
        attempted = []
        for event_id in event_ids:
            try:
                claim = _claim(self.session_factory, self.keyring, event_id, self.clock())
                if claim is None:
                    continue  # a peer has it, or nobody is subscribed
                answered = _send_all(self.http, claim, self.clock())
                _record_outcome(self.session_factory, claim, answered, self.clock())
                attempted.append(event_id)
            except Exception as exc:  # one event's store error must not end the lane; the lease brings it back
                log.error("webhook %s delivery failed: %s", event_id, type(exc).__name__)
        return attempted

    def run_forever(self, interval_seconds: float, stop: threading.Event,
                    also: Callable[[], None] | None = None) -> None:
        """Polls every ``interval_seconds`` until ``stop``, never waiting for the lanes it started; runs ``also``
        after each poll (periodic upkeep)."""
        while not stop.is_set():
            for step in filter(None, (self.poll, also)):
                try:
                    step()
                except Exception as exc:  # a store outage must not end the worker; the next poll retries
                    log.error("webhook worker step %s failed: %s", getattr(step, "__name__", "?"), type(exc).__name__)
            stop.wait(interval_seconds)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        if self._own_client:
            self.http.close()


def deliver_due_events(
    session_factory: sessionmaker[Session], keyring: KeyRing, http: httpx.Client | None = None,
    now: datetime | None = None,
) -> int:
    """Attempts every event due at ``now`` (default: the clock) once; returns how many were attempted."""
    clock: Callable[[], datetime] = (lambda: now) if now is not None else utcnow
    worker = DeliveryWorker(session_factory, keyring, http, clock)
    seen: set[str] = set()
    try:
        while lanes := worker.poll(skip=seen):
            for lane in lanes:
                seen.update(lane.result())
            if not any(lane.result() for lane in lanes):
                break  # every due event was a peer's or nobody's: nothing more to do in this pass
    finally:
        worker.close()
    return len(seen)


def _due_events(session_factory: sessionmaker[Session], now: datetime, busy: set[str]) -> list[tuple[str, str]]:
    """(event id, application id) of due events, leaving out applications whose lane is still running
    (so one application's backlog never fills the batch)."""
    query = (
        select(Event.id, Event.application_id)
        .where(Event.delivered_at.is_(None), Event.next_attempt_at <= now)
        .order_by(Event.next_attempt_at, Event.created_at, Event.id)
        .limit(BATCH_SIZE)
    )
    if busy:
        query = query.where(Event.application_id.not_in(sorted(busy)))
    with transaction(session_factory) as session:
        return [(row.id, row.application_id) for row in session.execute(query)]


def _claim(session_factory: sessionmaker[Session], keyring: KeyRing, event_id: str, now: datetime) -> Claim | None:
    with transaction(session_factory) as session:
        due = (Event.id == event_id, Event.delivered_at.is_(None), Event.next_attempt_at <= now)
        row = session.execute(
            update(Event)
            .where(*due)
            .values(attempts=Event.attempts + 1, next_attempt_at=now + CLAIM_LEASE)
            .returning(Event.application_id, Event.type, Event.payload, Event.attempts, Event.acknowledged_by)
            .execution_options(synchronize_session=False)
        ).one_or_none()
        if row is None:
            return None
        acknowledged = tuple(row.acknowledged_by or ())
        endpoints = [e for e in subscribed_endpoints(session, row.application_id, row.type) if e.id not in acknowledged]
        if not endpoints:
            # Nobody (left) to tell: the event is settled without counting an attempt.
            session.execute(
                update(Event).where(Event.id == event_id)
                .values(delivered_at=now, next_attempt_at=None, attempts=row.attempts - 1)
                .execution_options(synchronize_session=False)
            )
            return None
        targets = [Target(e.id, e.url, keyring.open(e.secret).decode()) for e in endpoints]
        return Claim(event_id, row.type, row.payload, row.attempts, targets, acknowledged)


def request_body(claim: Claim) -> bytes:
    """Vault events go as the spec's ``{"payload": ConnectionEvent}``; others as the payload recorded."""
    if claim.event_type in CONNECTION_EVENTS:
        document = {"payload": {**claim.payload, "execution_attempt": claim.attempt}}
    else:
        document = claim.payload
    return json.dumps(document, separators=(",", ":")).encode()


def _send_all(client: httpx.Client, claim: Claim, now: datetime) -> list[str]:
    """Sends to every target at once; returns the ids of the endpoints that answered 2xx."""
    if len(claim.targets) == 1:
        target = claim.targets[0]
        return [target.endpoint_id] if _send(client, claim, target, now) else []
    with ThreadPoolExecutor(max_workers=len(claim.targets), thread_name_prefix="glue-webhook-send") as sends:
        outcomes = list(sends.map(lambda target: _send(client, claim, target, now), claim.targets))
    return [target.endpoint_id for target, ok in zip(claim.targets, outcomes, strict=True) if ok]


def _send(client: httpx.Client, claim: Claim, target: Target, now: datetime) -> bool:
    body = request_body(claim)
    timestamp = int(now.timestamp())
    headers = {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": claim.event_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(target.secret, claim.event_id, timestamp, body),
        "x-apideck-event-type": claim.event_type,
        "x-apideck-idempotency-key": claim.event_id,
    }
    try:
        # Only the status matters: the body is never read, so an endpoint cannot hold the lane by trickling one.
        with client.stream("POST", target.url, content=body, headers=headers) as response:
            status_code = response.status_code
    except EgressRefused:
        log.warning("webhook %s attempt %d to endpoint %s refused: its address is not allowed", claim.event_id,
                    claim.attempt, target.endpoint_id)
        return False
    except httpx.HTTPError as exc:
        # The endpoint's id, not its URL: URLs can carry tokens.
        log.warning("webhook %s attempt %d to endpoint %s failed: %s", claim.event_id, claim.attempt,
                    target.endpoint_id, type(exc).__name__)
        return False
    if not 200 <= status_code < 300:
        log.warning("webhook %s attempt %d to endpoint %s answered %d", claim.event_id, claim.attempt,
                    target.endpoint_id, status_code)
        return False
    return True


def _record_outcome(session_factory: sessionmaker[Session], claim: Claim, answered: list[str], now: datetime) -> None:
    values: dict = {"acknowledged_by": sorted({*claim.acknowledged, *answered})}
    if len(answered) == len(claim.targets):
        values |= {"delivered_at": now, "next_attempt_at": None}
    elif claim.attempt >= MAX_ATTEMPTS:
        # Given up: never delivered, never due again; the row stays as the record of it.
        values |= {"next_attempt_at": None}
        log.error("webhook %s (%s) given up after %d attempts", claim.event_id, claim.event_type, claim.attempt)
    else:
        values |= {"next_attempt_at": now + RETRY_DELAYS[claim.attempt - 1]}
    with transaction(session_factory) as session:
        # Only if no peer re-claimed the event after this worker's lease ran out.
        session.execute(
            update(Event)
            .where(Event.id == claim.event_id, Event.attempts == claim.attempt, Event.delivered_at.is_(None))
            .values(**values)
            .execution_options(synchronize_session=False)
        )

