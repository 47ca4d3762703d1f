"""Keyset pagination with opaque cursors, as the Management API's list endpoints page."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from glue_api.errors import BadRequest
from glue_api.numbers import whole_number_in

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
MAX_CURSOR_LENGTH = 1024  # Glue's own cursors are far shorter


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next: str | None
    previous: str | None
    total_count: int | None


def page_size_from(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_PAGE_SIZE
    size = whole_number_in(raw, 1, MAX_PAGE_SIZE)
    if size is None:
        raise BadRequest(f"page_size must be a whole number from 1 to {MAX_PAGE_SIZE}.")
    return size


def encode_cursor(values: list[Any], reverse: bool) -> str:
    payload = {"k": [v.isoformat() if hasattr(v, "isoformat") else v for v in values], "reverse": reverse}
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


def decode_cursor(cursor: str, key_length: int) -> tuple[list[str], bool]:
    """The key and direction a cursor names; anything but the shape ``encode_cursor`` writes is refused.

    A cursor comes back from the client, so it is input like any other: checked for its
    length, encoding, JSON shape, the number and type of key values, and no NUL (which
    PostgreSQL cannot compare).
    """
    invalid = BadRequest("The cursor is not valid.")
    if len(cursor) > MAX_CURSOR_LENGTH or not cursor.isascii():
        raise invalid
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, RecursionError):
        raise invalid from None
    if not isinstance(payload, dict) or set(payload) != {"k", "reverse"}:
        raise invalid
    key, reverse = payload["k"], payload["reverse"]
    if not isinstance(reverse, bool) or not isinstance(key, list) or len(key) != key_length:
        raise invalid
    if not all(isinstance(value, str) and "\x00" not in value for value in key):
        raise invalid
    return key, reverse


def paginate(
    session: Session, query: Select, order: list[ColumnElement], cursor: str | None, page_size: int,
    parse: list[Any], descending: bool = False, count_total: bool = True, params: dict[str, Any] | None = None,
    as_rows: bool = False,
) -> Page:
    """``order``: the columns the pages follow (unique together); ``parse``: how to read each back from a cursor.
    ``count_total=False`` spares the count query where the answer shows no total (``total_count`` is then None).
    ``params``: the values of ``query``'s bound parameters. A query given with them is one built once (a module's
    constant): its page statements are then built once too, not on every call. ``as_rows``: the items are rows of
    the query's columns, run as a Core statement (no ORM object to build for each), not its first entity."""
    key: list[Any] = []
    reverse = False
    if cursor:
        raw, reverse = decode_cursor(cursor, len(order))
        try:
            key = [convert(value) for convert, value in zip(parse, raw, strict=True)]
        except (ValueError, TypeError, OverflowError):
            raise BadRequest("The cursor is not valid.") from None
    backwards = reverse != descending
    if params is None:
        page_statement, values = _page_statement(query, order, backwards, key), {}
        count_statement = _count(query) if count_total else None
    else:
        page_statement, count_statement = _built_once(query, order, backwards, bool(key))
        values = params | {f"page_key_{i}": value for i, value in enumerate(key)}
    total = session.execute(count_statement, values).scalar_one() if count_total else None
    values |= {"page_limit": page_size + 1}
    if as_rows:
        rows = list(session.connection().execute(page_statement, values))
    else:
        rows = list(session.execute(page_statement, values).scalars())
    more = len(rows) > page_size
    rows = rows[:page_size]
    if reverse:
        rows.reverse()
    has_next = more if not reverse else bool(cursor)
    has_previous = bool(cursor) if not reverse else more
    return Page(
        items=rows,
        next=encode_cursor(_key_of(rows[-1], order), False) if rows and has_next else None,
        previous=encode_cursor(_key_of(rows[0], order), True) if rows and has_previous else None,
        total_count=total,
    )


def _key_of(row: Any, order: list[ColumnElement]) -> list[Any]:
    return [getattr(row, column.key) for column in order]


_BUILT: dict[tuple, tuple[Select, tuple[Select, Select]]] = {}  # one entry per constant query and page direction


def _built_once(query: Select, order: list[ColumnElement], backwards: bool, after_key: bool) -> tuple[Select, Select]:
    """A constant query's page and count statements, built on first use; the cursor's key is bound, not literal."""
    cache_key = (id(query), tuple(id(column) for column in order), backwards, after_key)
    if cache_key not in _BUILT:
        key = [bindparam(f"page_key_{i}") for i in range(len(order))] if after_key else []
        statements = (_page_statement(query, order, backwards, key), _count(query))
        _BUILT[cache_key] = (query, statements)  # holds the query, so its id is never another's
    return _BUILT[cache_key][1]


def _page_statement(query: Select, order: list[ColumnElement], backwards: bool, key: list[Any]) -> Select:
    """The page's rows after ``key`` (none: from the start); the limit is bound when run, as ``page_limit``."""
    if key:
        query = query.where(_after(order, key, backwards))
    ordering = [c.desc() for c in order] if backwards else [c.asc() for c in order]
    return query.order_by(*ordering).limit(bindparam("page_limit"))


def _count(query: Select) -> Select:
    return select(func.count()).select_from(query.subquery())


def _after(order: list[ColumnElement], key: list[Any | BindParameter], reverse: bool) -> ColumnElement:
    """Rows strictly after (or before, when reversed) the key (values, or parameters bound when run), in
    lexicographic order."""
    clauses = []
    for i, column in enumerate(order):
        equal = [order[j] == key[j] for j in range(i)]
        beyond = column < key[i] if reverse else column > key[i]
        clauses.append(and_(*equal, beyond))
    return or_(*clauses)
