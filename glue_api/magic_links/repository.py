"""Magic link look-ups, always within one application."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from glue_api.errors import NotFound
from glue_api.models import Customer, MagicLink


def list_magic_links(session: Session, application_id: str) -> list[tuple[MagicLink, str]]:
    """Newest first, each with its customer's external id (the id the API speaks)."""
    rows = session.execute(
        select(MagicLink, Customer.external_id)
        .join(Customer, Customer.id == MagicLink.customer_id)
        .where(MagicLink.application_id == application_id, Customer.application_id == application_id)
        .order_by(MagicLink.created_at.desc(), MagicLink.id.desc())
    )
    return [(link, external_id) for link, external_id in rows]


def get_magic_link(session: Session, application_id: str, magic_link_id: str) -> MagicLink:
    link = session.get(MagicLink, magic_link_id)
    if link is None or link.application_id != application_id:
        raise NotFound(f"Magic link {magic_link_id} was not found.")
    return link
