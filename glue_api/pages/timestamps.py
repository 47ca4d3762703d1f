"""Moments as a customer reads them on a page."""

from __future__ import annotations

from datetime import UTC, datetime


def friendly_time(moment: datetime) -> str:
    """UTC, to the minute: the server cannot know the reader's time zone without JavaScript."""
    return moment.astimezone(UTC).strftime("%d %b %Y, %H:%M UTC")
