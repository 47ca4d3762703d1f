"""Intercom's search queries (``POST /contacts/search``, ``POST /conversations/search``) over the dataset.

A query is one filter ``{"field", "operator", "value"}`` or a group ``{"operator": "AND"|"OR", "value": [...]}``
(at most two levels of nesting, at most 15 filters a group). Operators: ``=``, ``!=``, ``IN``, ``NIN``, ``<``,
``>``, ``~`` (contains), ``!~``, ``^`` (starts with), ``$`` (ends with).

Contact search compares timestamp fields by UTC day, as Intercom documents: ``updated_at > t`` reads ``t`` as
the start of its day and matches from the next day on; ``<`` matches before that day, ``=`` within it.
Conversation search compares them to the second.

Results are sorted by ``updated_at`` ascending (the only order served here). ``pagination.per_page``
(default 50, at most 150) and ``pagination.starting_after`` (in the body; Intercom ignores one given in the
query string, so such a request reads the first page again) page through them.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

from glue_emulators.dataset import ObjectStore, Record

DAY = 86_400
MAX_PER_PAGE = 150
DEFAULT_PER_PAGE = 50
MAX_FILTERS_PER_GROUP = 15
MAX_NESTING = 2
TIMESTAMP_FIELDS = frozenset({"created_at", "updated_at", "signed_up_at", "last_seen_at", "last_contacted_at",
                              "last_replied_at", "last_email_opened_at", "last_email_clicked_at", "waiting_since",
                              "snoozed_until"})
OPERATORS = frozenset({"=", "!=", "IN", "NIN", "<", ">", "~", "!~", "^", "$"})


class BadQuery(ValueError):
    pass


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: after (modified_at, index); the page number and the total found."""

    at: datetime
    index: int
    page: int
    total: int

    def encode(self) -> str:
        raw = json.dumps([self.at.isoformat(), self.index, self.page, self.total]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @staticmethod
    def decode(text: str) -> Cursor:
        try:
            at, index, page, total = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            return Cursor(datetime.fromisoformat(at), int(index), int(page), int(total))
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
            raise BadQuery("starting_after is not a cursor this search returned") from None


def compile_query(query, by_day: bool) -> tuple[Callable[[dict], bool], datetime | None]:
    """The query as a predicate over rendered records, and the earliest ``updated_at`` it can match (if it says)."""
    if not isinstance(query, dict):
        raise BadQuery("query must be an object")
    return _compile(query, by_day, 0), _lower_bound(query, by_day)


def _compile(query: dict, by_day: bool, depth: int) -> Callable[[dict], bool]:
    operator = query.get("operator")
    if operator in ("AND", "OR"):
        parts = query.get("value")
        if not isinstance(parts, list) or not parts:
            raise BadQuery(f"{operator} needs a list of filters as its value")
        if depth >= MAX_NESTING:
            raise BadQuery(f"queries nest at most {MAX_NESTING} levels")
        if len(parts) > MAX_FILTERS_PER_GROUP:
            raise BadQuery(f"a group holds at most {MAX_FILTERS_PER_GROUP} filters")
        tests = [_compile(part if isinstance(part, dict) else {}, by_day, depth + 1) for part in parts]
        return (lambda r: all(t(r) for t in tests)) if operator == "AND" else (lambda r: any(t(r) for t in tests))
    field, value = query.get("field"), query.get("value")
    if not isinstance(field, str) or not field:
        raise BadQuery("a filter needs a field")
    if operator not in OPERATORS:
        raise BadQuery(f"operator {operator!r} is not one of {', '.join(sorted(OPERATORS))}")
    if field in TIMESTAMP_FIELDS:
        return _timestamp_test(field, operator, value, by_day)
    return _value_test(field, operator, value)


def _timestamp_test(field: str, operator: str, value, by_day: bool) -> Callable[[dict], bool]:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).lstrip("-").isdigit():
        raise BadQuery(f"{field} takes a UNIX timestamp")
    at = int(value)
    if by_day:  # Intercom indexes these as dates for contact search
        day = at - at % DAY
        bounds = {">": (day + DAY, None), "<": (None, day), "=": (day, day + DAY)}
        if operator not in bounds and operator != "!=":
            raise BadQuery(f"{operator} does not apply to {field}")
        if operator == "!=":
            return lambda r: not (day <= (_get(r, field) or -1) < day + DAY)
        low, high = bounds[operator]
        return lambda r: _get(r, field) is not None and (low is None or _get(r, field) >= low) and (
            high is None or _get(r, field) < high)
    compare = {">": lambda x: x > at, "<": lambda x: x < at, "=": lambda x: x == at, "!=": lambda x: x != at}
    if operator not in compare:
        raise BadQuery(f"{operator} does not apply to {field}")
    test = compare[operator]
    return lambda r: _get(r, field) is not None and test(_get(r, field))


def _value_test(field: str, operator: str, value) -> Callable[[dict], bool]:
    if operator in ("IN", "NIN"):
        if not isinstance(value, list):
            raise BadQuery(f"{operator} takes a list")
        wanted = {str(v) for v in value}
        return (lambda r: str(_get(r, field)) in wanted) if operator == "IN" else (
            lambda r: str(_get(r, field)) not in wanted)
    text = "" if value is None else str(value)
    tests = {
        "=": lambda x: x is not None and str(x) == text if value is not None else x is None,
        "!=": lambda x: (str(x) != text) if value is not None else x is not None,
        "~": lambda x: x is not None and text.lower() in str(x).lower(),
        "!~": lambda x: x is None or text.lower() not in str(x).lower(),
        "^": lambda x: x is not None and str(x).lower().startswith(text.lower()),
        "$": lambda x: x is not None and str(x).lower().endswith(text.lower()),
        "<": lambda x: x is not None and _number(x) < _number(value),
        ">": lambda x: x is not None and _number(x) > _number(value),
    }
    test = tests[operator]
    return lambda r: test(_get(r, field))


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise BadQuery(f"{value!r} is not a number") from None


def _get(record: dict, field: str):
    value = record
    for part in field.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _lower_bound(query: dict, by_day: bool) -> datetime | None:
    """The earliest updated_at a top-level ``updated_at >`` filter (alone or ANDed) lets through."""
    filters = query.get("value") if query.get("operator") == "AND" else [query]
    lows = []
    for item in filters if isinstance(filters, list) else []:
        if isinstance(item, dict) and item.get("field") == "updated_at" and item.get("operator") == ">":
            at = int(item["value"])
            lows.append(at - at % DAY + DAY if by_day else at + 1)
    return datetime.fromtimestamp(max(lows), timezone.utc) if lows else None


def matches(store: ObjectStore, render: Callable[[Record], dict], test: Callable[[dict], bool],
            since: datetime | None, after: Cursor | None) -> Iterator[tuple[Record, dict]]:
    """Live records in (modified_at, index) order after ``after``, rendered, that pass ``test``."""
    position = (after.at, after.index) if after is not None else None
    while True:
        batch = store.modified_between(since, None, position, 500)
        for record in batch:
            rendered = render(record)
            if test(rendered):
                yield record, rendered
        if len(batch) < 500:
            return
        position = (batch[-1].modified_at, batch[-1].index)
