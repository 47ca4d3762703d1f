"""The events Glue sends to webhook endpoints, and who is subscribed to which."""

from __future__ import annotations

from glue_api.connections.events import MANAGEMENT_CONNECTION_EVENTS
from glue_api.entity_mappings.events import ENTITY_MAPPING_EVENTS
from glue_api.field_mappings.events import FIELD_MAPPING_EVENTS
from glue_api.vault.events import CONNECTION_EVENTS

SYNC_EVENTS = frozenset({"sync.complete", "sync.paused"})
EVENT_TYPES = (frozenset(CONNECTION_EVENTS) | SYNC_EVENTS | MANAGEMENT_CONNECTION_EVENTS
               | FIELD_MAPPING_EVENTS | ENTITY_MAPPING_EVENTS)
EVERY_EVENT = "*"


def is_subscribed(subscribed: list | None, event_type: str) -> bool:
    """``None`` (or ``["*"]``) subscribes an endpoint to every event."""
    return subscribed is None or EVERY_EVENT in subscribed or event_type in subscribed
