"""A customer's connection to one provider, with its sealed credentials."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from glue_api.crypto import Sealed
from glue_api.models.base import Base, Timestamps, new_id


class Connection(Timestamps, Base):
    __tablename__ = "connections"
    __table_args__ = (UniqueConstraint("customer_id", "provider_name"),)

    id: Mapped[str] = mapped_column(primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.id", ondelete="RESTRICT"), index=True)
    provider_name: Mapped[str]
    category: Mapped[str]
    auth_type: Mapped[str]
    # Vault state flow: added -> authorized -> callable, or invalid.
    state: Mapped[str]
    enabled: Mapped[bool] = mapped_column(default=True)
    instance_url: Mapped[str] = mapped_column(default="")
    credentials: Mapped[Sealed | None]
    settings: Mapped[dict[str, Any] | None]
    connection_metadata: Mapped[dict[str, Any] | None]


class ConnectionSyncConfig(Timestamps, Base):
    """Per-connection overrides of the sync config (objects, destination schema, tables)."""

    __tablename__ = "connection_sync_configs"

    connection_id: Mapped[str] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"), primary_key=True)
    config: Mapped[dict[str, Any]]
