"""Entities (an application's own data models) and each connection's entity mappings."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from glue_api.models.base import Base, Timestamps, new_id


class Entity(Timestamps, Base):
    __tablename__ = "entities"
    __table_args__ = (UniqueConstraint("application_id", "name"),)

    id: Mapped[str] = mapped_column(primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    name: Mapped[str]
    config: Mapped[dict[str, Any]]  # {fields: [{name}], allow_additional_field_mappings}


class ConnectionEntityMapping(Timestamps, Base):
    """A customer's mapping of one entity to an object of their connection, over the application's default
    (the provider config's ``entity_mappings``)."""

    __tablename__ = "connection_entity_mappings"

    connection_id: Mapped[str] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"), primary_key=True)
    # An entity's deletion takes its customers' mappings with it: they map nothing any more.
    entity_id: Mapped[str] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    object: Mapped[dict[str, Any] | None]  # {type: standard | custom, name}
    field_mappings: Mapped[list[Any] | None]  # [{entity_field, mapped_field}]
