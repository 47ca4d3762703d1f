"""Webhook endpoint look-ups, always within one application."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from glue_api.models import WebhookEndpoint
from glue_api.ownership import get_owned, list_owned
from glue_api.webhooks.event_types import is_subscribed


def list_endpoints(session: Session, application_id: str) -> list[WebhookEndpoint]:
    return list_owned(session, WebhookEndpoint, application_id)


def get_endpoint(session: Session, application_id: str, endpoint_id: str) -> WebhookEndpoint:
    return get_owned(session, WebhookEndpoint, application_id, endpoint_id, "Webhook endpoint")


def subscribed_endpoints(session: Session, application_id: str, event_type: str) -> list[WebhookEndpoint]:
    enabled = session.execute(
        select(WebhookEndpoint)
        .where(WebhookEndpoint.application_id == application_id, WebhookEndpoint.enabled.is_(True))
        .order_by(WebhookEndpoint.created_at, WebhookEndpoint.id)
    ).scalars()
    return [endpoint for endpoint in enabled if is_subscribed(endpoint.events, event_type)]
