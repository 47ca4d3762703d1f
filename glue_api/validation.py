"""Turns request validation failures into one readable sentence, never echoing input values."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def describe_validation_errors(errors: Sequence[Any]) -> str:
    parts = []
    for error in errors[:10]:
        location = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body",)) or "body"
        kind = error.get("type", "")
        if kind == "json_invalid":
            parts.append("the request body is not valid JSON")
        elif kind == "missing":
            parts.append(f"{location} is required")
        else:
            parts.append(f"{location}: {error.get('msg', 'is not valid')}")
    return "; ".join(parts) + "."
