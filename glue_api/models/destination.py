"""Where an application's synced data lands."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from glue_api.crypto import Sealed
from glue_api.models.base import Base, Timestamps, new_id


class Destination(Timestamps, Base):
    __tablename__ = "destinations"
    __table_args__ = (UniqueConstraint("application_id", "name"),)

    id: Mapped[str] = mapped_column(primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    name: Mapped[str]
    type: Mapped[str]
    config: Mapped[dict[str, Any]]  # the safe part only
    secrets: Mapped[Sealed | None]  # passwords, private keys, secret keys
    version: Mapped[int] = mapped_column()

    # Optimistic concurrency: every UPDATE checks and bumps the version.
    __mapper_args__ = {"version_id_col": version}
