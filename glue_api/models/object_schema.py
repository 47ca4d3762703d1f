"""Schemas (an application's chosen fields of a provider object) and each connection's field mappings."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from glue_api.models.base import Base, Timestamps, new_id


class ObjectSchema(Timestamps, Base):
    """Attached to provider objects through the provider config's ``objects[].schema_id``."""

    __tablename__ = "schemas"
    __table_args__ = (UniqueConstraint("application_id", "name"),)

    id: Mapped[str] = mapped_column(primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    name: Mapped[str]
    config: Mapped[dict[str, Any]]  # {fields: [{name, mapped_name?}], allow_additional_field_mappings}


class ConnectionFieldMappings(Timestamps, Base):
    """A customer's field mappings for one object of their connection (``updateObjectFieldMappings``)."""

    __tablename__ = "connection_field_mappings"

    connection_id: Mapped[str] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"), primary_key=True)
    object_type: Mapped[str] = mapped_column(primary_key=True)  # common | standard
    object: Mapped[str] = mapped_column(primary_key=True)
    field_mappings: Mapped[list[Any]]  # [{schema_field, mapped_field?}]
