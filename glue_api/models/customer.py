"""A customer of the application (a Vault *consumer*)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from glue_api.models.base import Base, Timestamps, new_id


class Customer(Timestamps, Base):
    __tablename__ = "customers"
    __table_args__ = (
        UniqueConstraint("application_id", "external_id"),
        # Both APIs list an application's customers in creation order: a page is read off this index, not sorted.
        Index("ix_customers_listed", "application_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[str]  # the application's own id for the customer
    name: Mapped[str]
    email: Mapped[str]
    consumer_metadata: Mapped[dict[str, Any] | None]
