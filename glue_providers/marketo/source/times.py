"""Marketo's timestamps: ISO 8601 in UTC, sometimes with a redundant offset after the Z
(programs say ``2016-09-21T21:50:46Z+0000``)."""

from __future__ import annotations

from datetime import datetime, timezone

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def iso(at: datetime) -> str:
    """Seconds, UTC, no milliseconds (the bulk extract refuses them)."""
    return utc(at).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def marketo_time(value: object) -> datetime:
    if not isinstance(value, str) or not value:
        return EPOCH
    text = value.strip()
    if "Z" in text:
        text = text[: text.index("Z")] + "+00:00"
    try:
        return utc(datetime.fromisoformat(text))
    except ValueError:
        return EPOCH


def utc(at: datetime) -> datetime:
    return at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)
