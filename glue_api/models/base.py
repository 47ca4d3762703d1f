"""Declarative base, shared column types and helpers for every model."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, DateTime, MetaData, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from glue_api.crypto import Sealed

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetimes are not stored")
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value

    def result_processor(self, dialect, coltype):
        if dialect.name == "postgresql":  # timestamptz comes back aware, in UTC (glue_api/db.py): nothing to do
            return None
        return super().result_processor(dialect, coltype)


class SealedText(TypeDecorator):
    """A ciphertext column: Python sees a `Sealed` (printed as ***), never plaintext."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Sealed | None, dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, Sealed):
            raise TypeError("only Sealed values are written to an encrypted column")
        return value.to_text()

    def process_result_value(self, value: str | None, dialect) -> Sealed | None:
        return Sealed.from_text(value) if value is not None else None


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
        Sealed: SealedText(),
        str: String(),
    }


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
