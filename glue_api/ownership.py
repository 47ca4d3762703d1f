"""Look-ups of an application's own rows: another application's rows do not exist for it (404)."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from glue_api.errors import NotFound

Owned = TypeVar("Owned")


def list_owned(session: Session, model: type[Owned], application_id: str) -> list[Owned]:
    return list(
        session.execute(
            select(model).where(model.application_id == application_id).order_by(model.created_at, model.id)
        ).scalars()
    )


def get_owned(session: Session, model: type[Owned], application_id: str, object_id: str, label: str) -> Owned:
    row = session.get(model, object_id)
    if row is None or row.application_id != application_id:
        raise NotFound(f"{label} {object_id} was not found.")
    return row
