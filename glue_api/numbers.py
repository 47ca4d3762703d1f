"""Whole numbers read from text a client sent (query values, headers): ASCII digits only, bounded.

``str.isdigit`` is true for characters ``int`` cannot read ("²"), and ``int`` accepts
signs, spaces and underscores: neither is a safe test on its own.
"""

from __future__ import annotations

MAX_DIGITS = 18  # beyond any bound Glue sets; keeps int() away from huge inputs


def parse_whole_number(raw: str) -> int | None:
    """The number ``raw`` spells in ASCII digits, or None when it spells anything else."""
    if not raw or len(raw) > MAX_DIGITS or not (raw.isascii() and raw.isdigit()):
        return None
    return int(raw)


def whole_number_in(raw: str, low: int, high: int) -> int | None:
    """The number, or None when it is not one or lies outside ``low``..``high``."""
    value = parse_whole_number(raw)
    return value if value is not None and low <= value <= high else None
