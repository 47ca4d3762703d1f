"""Delivers the outbox: every due event to every enabled endpoint of its application subscribed to its type.

Concurrency: a worker claims an event with one conditional UPDATE that counts the
attempt and pushes ``next_attempt_at`` a lease ahead, so a peer running the same
query no longer sees it as due. No transaction is held while sending. If a worker
dies mid-delivery, the event is due again when the lease runs out.

Delivery is at least once: an event is retried to each endpoint until it answered
2xx (an endpoint that did is not sent the event again), and receivers tell repeats
(after a lost answer, say) apart by ``webhook-id`` (the same as
``x-apideck-idempotency-key``: the event id, unchanged across retries).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
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
from glue_api.webhooks.signing import sign

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


def deliver_due_events(
    session_factory: sessionmaker[Session], keyring: KeyRing, http: httpx.Client | None = None,
    now: datetime | None = None,
) -> int:
    """Attempts every event due at ``now`` (default: the clock) once; returns how many were attempted."""
    clock: Callable[[], datetime] = (lambda: now) if now is not None else utcnow
    client = http or httpx.Client(timeout=REQUEST_TIMEOUT, follow_redirects=False)
    attempted = 0
    seen: set[str] = set()
    try:
        while batch := [event_id for event_id in _due_event_ids(session_factory, clock()) if event_id not in seen]:
            for event_id in batch:
                seen.add(event_id)
                claim = _claim(session_factory, keyring, event_id, clock())
                if claim is None:
                    continue  # a peer has it, or nobody is subscribed
                answered = [target.endpoint_id for target in claim.targets if _send(client, claim, target, clock())]
                _record_outcome(session_factory, claim, answered, clock())
                attempted += 1
    finally:
        if http is None:
            client.close()
    return attempted


def _due_event_ids(session_factory: sessionmaker[Session], now: datetime) -> list[str]:
    with transaction(session_factory) as session:
        return list(
            session.execute(
                select(Event.id)
                .where(Event.delivered_at.is_(None), Event.next_attempt_at <= now)
                .order_by(Event.next_attempt_at, Event.created_at, Event.id)
                .limit(BATCH_SIZE)
            ).scalars()
        )


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
        response = client.post(target.url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        # The endpoint's id, not its URL: URLs can carry tokens.
        log.warning("webhook %s attempt %d to endpoint %s failed: %s", claim.event_id, claim.attempt,
                    target.endpoint_id, type(exc).__name__)
        return False
    if not response.is_success:
        log.warning("webhook %s attempt %d to endpoint %s answered %d", claim.event_id, claim.attempt,
                    target.endpoint_id, response.status_code)
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

