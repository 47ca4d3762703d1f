"""Moments as a customer reads them on a page."""

from __future__ import annotations

from datetime import datetime, timezone


def friendly_time(moment: datetime) -> str:
    """UTC, to the minute: the server cannot know the reader's time zone without JavaScript."""
    return moment.astimezone(timezone.utc).strftime("%d %b %Y, %H:%M UTC")
