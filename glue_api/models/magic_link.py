"""A link the application sends its customer to connect one provider."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from glue_api.models.base import Base, new_id, utcnow


class MagicLink(Base):
    __tablename__ = "magic_links"

    id: Mapped[str] = mapped_column(primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.id", ondelete="CASCADE"), index=True)
    provider_name: Mapped[str]
    token: Mapped[str] = mapped_column(unique=True)  # the unguessable part of the URL
    return_url: Mapped[str]
    status: Mapped[str] = mapped_column(default="new")  # new | consumed
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
