"""Recording events in the outbox; delivery happens elsewhere, after the commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from glue_api.models import Event
from glue_api.models.base import utcnow


def record_event(session: Session, application_id: str, event_type: str, payload: dict[str, Any]) -> Event:
    event = Event(application_id=application_id, type=event_type, payload=payload, next_attempt_at=utcnow())
    session.add(event)
    return event
