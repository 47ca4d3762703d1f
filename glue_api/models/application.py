"""The tenant: a SaaS application and the API keys that act for it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from glue_api.models.base import Base, new_id, utcnow


class Application(Base):
    __tablename__ = "applications"

    id: Mapped[str] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Where customers' browsers may be sent back to after connecting (exact URLs or prefixes ending in /).
    allowed_redirect_uris: Mapped[list[Any] | None]


class ApiKey(Base):
    """Only a SHA-256 of the key is kept: keys carry 256 random bits, so no slow hash is needed."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(unique=True)
    hint: Mapped[str]  # the key's first characters, to tell keys apart in listings
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
