"""What to sync (sync configs) and what was synced (syncs and their runs)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from glue_api.models.base import Base, Timestamps, new_id


class SyncConfig(Timestamps, Base):
    __tablename__ = "sync_configs"
    __table_args__ = (UniqueConstraint("application_id", "provider_id"),)

    id: Mapped[str] = mapped_column(primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    destination_id: Mapped[str] = mapped_column(ForeignKey("destinations.id", ondelete="RESTRICT"), index=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("providers.id", ondelete="RESTRICT"), index=True)
    config: Mapped[dict[str, Any]]


class Sync(Timestamps, Base):
    """One object of one connection, on its own schedule."""

    __tablename__ = "syncs"
    __table_args__ = (UniqueConstraint("connection_id", "object_type", "object"),)

    id: Mapped[str] = mapped_column(primary_key=True, default=new_id)
    connection_id: Mapped[str] = mapped_column(ForeignKey("connections.id", ondelete="CASCADE"), index=True)
    sync_config_id: Mapped[str] = mapped_column(ForeignKey("sync_configs.id", ondelete="CASCADE"), index=True)
    object_type: Mapped[str]  # standard | custom | common
    object: Mapped[str]
    paused: Mapped[bool] = mapped_column(default=False)
    paused_reason: Mapped[str | None]
    # Set only by a spent provider allowance: the pause lifts by itself once this time passes.
    paused_until: Mapped[datetime | None]
    state: Mapped[dict[str, Any] | None]  # cursor and strategy bookkeeping
    # What the provider's source keeps between runs (Dynamics' delta link): opaque to Glue, written only by a
    # successful run, dropped when a full refresh is asked for.
    source_state: Mapped[Any | None] = mapped_column(JSON)
    force_full_sync: Mapped[bool] = mapped_column(default=False)
    trigger_requested_at: Mapped[datetime | None]


class SyncRun(Base):
    __tablename__ = "sync_runs"

    id: Mapped[str] = mapped_column(primary_key=True, default=new_id)
    sync_id: Mapped[str] = mapped_column(ForeignKey("syncs.id", ondelete="CASCADE"), index=True)
    status: Mapped[str]  # IN_PROGRESS | SUCCESS | FAILURE
    error_message: Mapped[str | None]
    start_timestamp: Mapped[datetime]
    end_timestamp: Mapped[datetime | None]
    num_records_synced: Mapped[int | None]
    orchestrator_run_id: Mapped[str | None]
