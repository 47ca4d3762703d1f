from sqlalchemy import select
from sqlalchemy.orm import Session

from glue_api.errors import NotFound
from glue_api.models import Destination


def list_destinations(session: Session, application_id: str) -> list[Destination]:
    return list(
        session.execute(
            select(Destination)
            .where(Destination.application_id == application_id)
            .order_by(Destination.created_at, Destination.id)
        ).scalars()
    )


def get_destination(session: Session, application_id: str, destination_id: str) -> Destination:
    destination = session.get(Destination, destination_id)
    if destination is None or destination.application_id != application_id:
        raise NotFound(f"Destination {destination_id} was not found.")
    return destination


def find_destination_by_name(session: Session, application_id: str, name: str) -> Destination | None:
    return session.execute(
        select(Destination).where(Destination.application_id == application_id, Destination.name == name)
    ).scalar_one_or_none()
