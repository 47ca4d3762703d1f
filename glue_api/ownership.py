"""Look-ups of an application's own rows: another application's rows do not exist for it (404)."""

from __future__ import annotations

from functools import cache
from typing import TypeVar

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from glue_api.errors import NotFound

Owned = TypeVar("Owned")


def list_owned(session: Session, model: type[Owned], application_id: str) -> list[Owned]:
    return list(session.execute(_owned_by(model), {"application_id": application_id}).scalars())


@cache
def _owned_by(model: type) -> Select:
    """Built once per model, given the application when run (building a statement costs more CPU than running it)."""
    return select(model).where(model.application_id == bindparam("application_id")).order_by(model.created_at, model.id)


def get_owned(session: Session, model: type[Owned], application_id: str, object_id: str, label: str) -> Owned:
    row = session.get(model, object_id)
    if row is None or row.application_id != application_id:
        raise NotFound(f"{label} {object_id} was not found.")
    return row
