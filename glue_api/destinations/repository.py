from sqlalchemy import select
from sqlalchemy.orm import Session

from glue_api.models import Destination
from glue_api.ownership import get_owned, list_owned


def list_destinations(session: Session, application_id: str) -> list[Destination]:
    return list_owned(session, Destination, application_id)


def get_destination(session: Session, application_id: str, destination_id: str) -> Destination:
    return get_owned(session, Destination, application_id, destination_id, "Destination")


def find_destination_by_name(session: Session, application_id: str, name: str) -> Destination | None:
    return session.execute(
        select(Destination).where(Destination.application_id == application_id, Destination.name == name)
    ).scalar_one_or_none()
