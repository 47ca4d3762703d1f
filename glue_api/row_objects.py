"""Detached, read-only stand-ins for ORM objects, read from a Core row.

For the busiest reads only: there the ORM's loading (identity map, instance state, one object per entity)
cost more CPU than running the query. A stand-in has the model's column attributes and nothing else: no
relationship, no lazy load, no change tracking; code that takes one reads columns only.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy import Label, Table


class Columns(SimpleNamespace):
    """One table's columns of a row, as attributes named as the ORM model's."""


def labelled(table: Table | Any, prefix: str) -> list[Label]:
    """The table's (or subquery's) columns for a select, each labelled ``prefix`` + its key."""
    return [column.label(prefix + column.key) for column in table.c]


def columns_of(row: Any, start: int, keys: tuple[str, ...]) -> Columns | None:
    """The stand-in for ``keys`` read from ``row[start:]``; None where an outer join found no row (no primary key)."""
    values = dict(zip(keys, row[start:start + len(keys)]))
    return Columns(**values) if values["id"] is not None else None
