"""Magic links: a customer's one-provider invitation, reached through an unguessable token."""

import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import Session

from glue_api.customers.repository import get_customer
from glue_api.magic_links.repository import get_magic_link
from glue_api.magic_links.schemas import MagicLinkCreate
from glue_api.models import MagicLink
from glue_api.models.base import utcnow
from glue_api.providers.repository import get_provider_by_name

STATUS_NEW = "new"


def create_magic_link(session: Session, application_id: str, body: MagicLinkCreate) -> MagicLink:
    customer = get_customer(session, application_id, body.customer_id)
    provider = get_provider_by_name(session, application_id, body.provider_name)
    now = utcnow()
    link = MagicLink(
        application_id=application_id,
        customer_id=customer.id,
        provider_id=provider.id,
        provider_name=provider.name,
        token=secrets.token_urlsafe(32),
        return_url=body.return_url,
        status=STATUS_NEW,
        created_at=now,
        expires_at=now + timedelta(seconds=body.expiration_secs),
    )
    session.add(link)
    session.flush()
    return link


def delete_magic_link(session: Session, application_id: str, magic_link_id: str) -> None:
    session.delete(get_magic_link(session, application_id, magic_link_id))
    session.flush()


def link_url(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}/links/{token}"


def _iso_utc(moment: datetime) -> str:
    # Milliseconds and a trailing Z, as JavaScript's toISOString() writes them.
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def magic_link_view(link: MagicLink, customer_external_id: str, public_url: str) -> dict:
    return {
        "id": link.id,
        "status": link.status,
        "application_id": link.application_id,
        "customer_id": customer_external_id,
        "provider_id": link.provider_id,
        "provider_name": link.provider_name,
        "url": link_url(public_url, link.token),
        "return_url": link.return_url,
        "expires_at": _iso_utc(link.expires_at),
    }
