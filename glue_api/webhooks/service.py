"""Registering webhook endpoints; a signing secret exists in plaintext only in the answer that issues it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from glue_api.crypto import KeyRing
from glue_api.errors import Conflict
from glue_api.models import Application, WebhookEndpoint
from glue_api.webhooks.event_types import EVERY_EVENT
from glue_api.webhooks.repository import get_endpoint
from glue_api.webhooks.schemas import WebhookEndpointCreate
from glue_api.webhooks.signing import new_signing_secret


# Each endpoint costs every delivery of the application's events a request: bounded, so one application's
# endpoints cannot take a worker's time (or its connections) from the others.
MAX_ENDPOINTS_PER_APPLICATION = 10


@dataclass(frozen=True)
class IssuedSecret:
    endpoint: WebhookEndpoint
    secret: str


def create_endpoint(session: Session, keyring: KeyRing, application_id: str, body: WebhookEndpointCreate) -> IssuedSecret:
    # The application's row, locked: two creates at once cannot both pass the cap (PostgreSQL; SQLite has one writer).
    session.execute(select(Application.id).where(Application.id == application_id).with_for_update()).one()
    registered = session.execute(
        select(func.count()).select_from(WebhookEndpoint).where(WebhookEndpoint.application_id == application_id)
    ).scalar_one()
    if registered >= MAX_ENDPOINTS_PER_APPLICATION:
        raise Conflict(f"An application can register at most {MAX_ENDPOINTS_PER_APPLICATION} webhook endpoints: "
                       "delete one first.", title="Too many webhook endpoints")
    secret = new_signing_secret()
    events = None if body.events is None or EVERY_EVENT in body.events else body.events
    endpoint = WebhookEndpoint(
        application_id=application_id, url=body.url, events=events, secret=keyring.seal(secret.encode())
    )
    session.add(endpoint)
    session.flush()
    return IssuedSecret(endpoint, secret)


def rotate_secret(session: Session, keyring: KeyRing, application_id: str, endpoint_id: str) -> IssuedSecret:
    """The old secret stops signing at once: deliveries after the commit carry the new one."""
    endpoint = get_endpoint(session, application_id, endpoint_id)
    secret = new_signing_secret()
    endpoint.secret = keyring.seal(secret.encode())
    session.flush()
    return IssuedSecret(endpoint, secret)


def delete_endpoint(session: Session, application_id: str, endpoint_id: str) -> None:
    session.delete(get_endpoint(session, application_id, endpoint_id))
    session.flush()
