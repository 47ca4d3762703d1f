"""The slice of SOQL the emulator understands.

    SELECT field, ... FROM Object
      [WHERE <cond> [AND <cond> ...]]      cond: SystemModstamp|LastModifiedDate <op> dateTime literal,
                                                 IsDeleted = TRUE|FALSE
      [ORDER BY SystemModstamp [ASC] [, Id [ASC]]]
      [LIMIT n]

Anything else is answered as Salesforce answers a query it cannot run: MALFORMED_QUERY,
INVALID_FIELD or INVALID_TYPE, so a client that sends more than this finds out in tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from glue_emulators.salesforce.catalog import Catalog, Field, SObject

MILLISECOND = timedelta(milliseconds=1)  # SystemModstamp's precision: "> t" is ">= t + 1 ms"
TIME_FIELDS = ("systemmodstamp", "lastmodifieddate")  # both are the record's last change here

_STATEMENT = re.compile(
    r"^\s*SELECT\s+(?P<fields>.+?)\s+FROM\s+(?P<object>\S+)"
    r"(?:\s+WHERE\s+(?P<where>.+?))?(?:\s+ORDER\s+BY\s+(?P<order>.+?))?(?:\s+LIMIT\s+(?P<limit>\S+))?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_CONDITION = re.compile(r"^\s*(?P<field>\w+)\s*(?P<op>>=|<=|!=|=|>|<)\s*(?P<value>.+?)\s*$", re.DOTALL)
_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|[+-]\d{2}:\d{2})$", re.IGNORECASE
)
_ORDER_ITEM = re.compile(r"^\s*(?P<field>\w+)(?:\s+(?P<direction>ASC|DESC))?(?:\s+NULLS\s+(?:FIRST|LAST))?\s*$",
                         re.IGNORECASE)


class SoqlError(Exception):
    def __init__(self, error_code: str, message: str):
        super().__init__(message)
        self.error_code = error_code
        self.message = message


@dataclass(frozen=True)
class Query:
    sobject: SObject
    fields: tuple[Field, ...]
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    deleted: bool | None = None  # an IsDeleted = TRUE|FALSE filter
    limit: int | None = None


def parse(soql: str, catalog: Catalog) -> Query:
    match = _STATEMENT.match(soql)
    if match is None:
        raise SoqlError("MALFORMED_QUERY", "unexpected token: the query must be SELECT <fields> FROM <object> ...")
    sobject = catalog.get(match["object"])
    if sobject is None:
        raise SoqlError("INVALID_TYPE", (
            f"\n{soql}\n^\nERROR at Row:1:Column:1\nsObject type '{match['object']}' is not supported. If you are "
            "attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference "
            "your WSDL or the describe call for the appropriate names."
        ))
    fields = _fields(match["fields"], sobject)
    since, until, deleted = _where(match["where"], sobject) if match["where"] else (None, None, None)
    if match["order"]:
        _check_order(match["order"], sobject)
    return Query(sobject, fields, since, until, deleted, _limit(match["limit"]))


def _fields(text: str, sobject: SObject) -> tuple[Field, ...]:
    fields: list[Field] = []
    for name in (part.strip() for part in text.split(",")):
        if not name:
            raise SoqlError("MALFORMED_QUERY", "unexpected token: ','")
        if not re.fullmatch(r"[A-Za-z]\w*", name):
            raise SoqlError("MALFORMED_QUERY", f"the emulator selects plain field names only, not '{name}'")
        field = _field(name, sobject)
        if field in fields:
            raise SoqlError("MALFORMED_QUERY", f"duplicate field selected: {field.name}")
        fields.append(field)
    return tuple(fields)


def _field(name: str, sobject: SObject) -> Field:
    field = sobject.field(name)
    if field is None:
        raise SoqlError("INVALID_FIELD", (
            f"No such column '{name}' on entity '{sobject.name}'. If you are attempting to use a custom field, be "
            "sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call "
            "for the appropriate names."
        ))
    return field


def _where(text: str, sobject: SObject) -> tuple[datetime | None, datetime | None, bool | None]:
    if re.search(r"\s(OR|NOT)\s", f" {text} ", re.IGNORECASE):
        raise SoqlError("MALFORMED_QUERY", "the emulator combines WHERE conditions with AND only")
    since = until = deleted = None
    for condition in re.split(r"\s+AND\s+", text, flags=re.IGNORECASE):
        match = _CONDITION.match(condition)
        if match is None:
            raise SoqlError("MALFORMED_QUERY", f"unexpected token: '{condition.strip()}'")
        field = _field(match["field"], sobject)
        op, value = match["op"], match["value"]
        if field.name.lower() in TIME_FIELDS:
            at = _datetime(value, field.name)
            if op in (">=", ">", "="):
                start = at + MILLISECOND if op == ">" else at
                since = start if since is None else max(since, start)
            if op in ("<", "<=", "="):
                end = at if op == "<" else at + MILLISECOND
                until = end if until is None else min(until, end)
            if op == "!=":
                raise SoqlError("MALFORMED_QUERY", f"the emulator does not filter {field.name} with !=")
        elif field.name == "IsDeleted" and op in ("=", "!=") and value.upper() in ("TRUE", "FALSE"):
            deleted = (value.upper() == "TRUE") == (op == "=")
        else:
            raise SoqlError("MALFORMED_QUERY", "the emulator filters on SystemModstamp, LastModifiedDate and IsDeleted "
                                               f"only, not '{condition.strip()}'")
    return since, until, deleted


def _datetime(value: str, field_name: str) -> datetime:
    match = _DATETIME.match(value)
    if match is None:
        raise SoqlError("MALFORMED_QUERY", (
            f"value of filter criterion for field '{field_name}' must be of type dateTime and should not be enclosed "
            "in quotes"
        ))
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    at = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                  int((fraction or "0").ljust(3, "0")) * 1000, tzinfo=timezone.utc)
    if zone.upper() != "Z":
        sign = 1 if zone[0] == "+" else -1
        at -= sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
    return at


def _check_order(text: str, sobject: SObject) -> None:
    """Results always come in (SystemModstamp, Id) order; other orders are refused, not ignored."""
    names = []
    for item in text.split(","):
        match = _ORDER_ITEM.match(item)
        if match is None:
            raise SoqlError("MALFORMED_QUERY", f"unexpected token: '{item.strip()}'")
        field = _field(match["field"], sobject)
        if (match["direction"] or "ASC").upper() != "ASC":
            raise SoqlError("MALFORMED_QUERY", "the emulator sorts ascending only")
        names.append(field.name.lower())
    if names[0] not in TIME_FIELDS or names[1:] not in ([], ["id"]):
        raise SoqlError("MALFORMED_QUERY", "the emulator orders by SystemModstamp[, Id] only")


def _limit(text: str | None) -> int | None:
    if text is None:
        return None
    if not text.isdigit():
        raise SoqlError("MALFORMED_QUERY", f"unexpected token: '{text}'")
    return int(text)
