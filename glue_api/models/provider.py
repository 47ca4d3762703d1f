"""An application's configuration of one provider (a Vault *integration*)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from glue_api.crypto import Sealed
from glue_api.models.base import Base, Timestamps, new_id


class ProviderConfig(Timestamps, Base):
    __tablename__ = "providers"
    __table_args__ = (UniqueConstraint("application_id", "name"),)

    id: Mapped[str] = mapped_column(primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    name: Mapped[str]
    category: Mapped[str]
    auth_type: Mapped[str]
    provider_app_id: Mapped[str | None]
    use_managed_oauth: Mapped[bool | None]
    oauth_scopes: Mapped[list[Any] | None]
    oauth_client_id: Mapped[str | None]
    oauth_client_secret: Mapped[Sealed | None]
    objects: Mapped[dict[str, Any] | None]
    entity_mappings: Mapped[list[Any] | None]
