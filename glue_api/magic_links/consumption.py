"""Using a magic link: it opens while new and unexpired, and is consumed once, with the connection it made."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from glue_api.connections.events import record_connection_created
from glue_api.magic_links.service import STATUS_NEW
from glue_api.models import Connection, Customer, MagicLink
from glue_api.pages.errors import LinkUnavailable, UnknownLink

STATUS_CONSUMED = "consumed"


def open_link(session: Session, token: str, now: datetime) -> MagicLink:
    """The link a token names, if a customer may still use it."""
    link = session.scalars(select(MagicLink).where(MagicLink.token == token)).one_or_none()
    if link is None:
        raise UnknownLink("This link is not valid. It may have been deleted: ask for a new one.",
                          title="Link not found")
    _check_usable(link, now)
    return link


def consume_link(session: Session, link: MagicLink, connection: Connection, customer: Customer,
                 now: datetime) -> str:
    """Marks the link consumed (once, even under a race) and announces the connection; returns where to go."""
    consumed = session.execute(
        update(MagicLink)
        .where(MagicLink.id == link.id, MagicLink.status == STATUS_NEW, MagicLink.expires_at > now)
        .values(status=STATUS_CONSUMED)
        .execution_options(synchronize_session=False)
    )
    if consumed.rowcount != 1:
        session.refresh(link)
        _check_usable(link, now)
    link.status = STATUS_CONSUMED
    record_connection_created(session, connection, customer)
    return link.return_url


def _check_usable(link: MagicLink, now: datetime) -> None:
    if link.status == STATUS_CONSUMED:
        raise LinkUnavailable("This link was already used to connect an account. Each link works once.",
                              title="Link already used")
    if link.expires_at <= now:
        raise LinkUnavailable("This link has expired. Ask for a new one.", title="Link expired")

