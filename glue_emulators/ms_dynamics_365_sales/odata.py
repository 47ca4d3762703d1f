"""The slice of OData 4.0 query options Dataverse's Web API takes that Glue's reads use.

``$select`` (comma-separated column names), ``$filter`` on ``modifiedon`` (``ge``/``gt``, optionally
``and`` ``le``/``lt``; DateTimeOffset literals unquoted), ``$orderby=modifiedon [asc]``,
``Prefer: odata.maxpagesize=n`` (at most 5,000) and the ``$skiptoken`` paging cookie the answer's
``@odata.nextLink`` carries. Anything else is refused as Dataverse refuses a query it cannot parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, unquote

MAX_PAGE_SIZE = 5000
PAGE_SIZE_PREFERENCE = re.compile(r"odata\.maxpagesize\s*=\s*(\d+)")
TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)"  # a DateTimeOffset literal
CONDITION = re.compile(rf"^\s*modifiedon\s+(ge|gt|le|lt)\s+({TIME})\s*$")
COOKIE = re.compile(r'^<cookie pagenumber="(\d+)" pagingcookie="([^"]*)" istracking="(True|False)" />$')


class QueryError(ValueError):
    """A query option Dataverse would refuse (0x80060888)."""


@dataclass(frozen=True)
class Query:
    select: tuple[str, ...] | None
    since: datetime | None  # modifiedon >= since
    until: datetime | None  # modifiedon < until
    page_size: int
    page_number: int
    after: tuple[datetime, int] | None  # the last record served: (modifiedon, position)
    tracking_mark: datetime | None = None  # a change-tracked read: when it began (its next delta token's instant)


def parse(params, prefer: str) -> Query:
    select = tuple(c.strip() for c in params["$select"].split(",") if c.strip()) if "$select" in params else None
    since, until = _filter(params.get("$filter"))
    orderby = " ".join(params.get("$orderby", "modifiedon asc").split())
    if orderby not in ("modifiedon", "modifiedon asc"):
        raise QueryError(f"Could not find a property named '{orderby.split(' ')[0]}' to order by, or only "
                         "ascending modifiedon is supported.")
    match = PAGE_SIZE_PREFERENCE.search(prefer or "")
    page_size = min(MAX_PAGE_SIZE, max(1, int(match.group(1)))) if match else MAX_PAGE_SIZE
    page_number, after, mark = _cookie(params.get("$skiptoken"))
    return Query(select, since, until, page_size, page_number, after, mark)


def skiptoken(page_number: int, after: tuple[datetime, int], tracking_mark: datetime | None = None) -> str:
    parts = [after[0].isoformat(), str(after[1])] + ([tracking_mark.isoformat()] if tracking_mark else [])
    position = quote("|".join(parts), safe="")
    return (f'<cookie pagenumber="{page_number}" pagingcookie="{position}" '
            f'istracking="{"True" if tracking_mark else "False"}" />')


def _filter(text: str | None) -> tuple[datetime | None, datetime | None]:
    if not text:
        return None, None
    since = until = None
    for part in re.split(r"\s+and\s+", text.strip()):
        match = CONDITION.match(part)
        if not match:
            raise QueryError(f"Invalid or unsupported $filter clause: {part[:80]}")
        operator, at = match.group(1), datetime.fromisoformat(match.group(2).replace("Z", "+00:00"))
        at = at.astimezone(timezone.utc)
        if operator == "ge":
            since = at
        elif operator == "gt":
            since = at + timedelta(seconds=1)  # stored to the second: "gt" starts at the next one
        elif operator == "lt":
            until = at
        else:
            until = at + timedelta(seconds=1)
    return since, until


def _cookie(token: str | None) -> tuple[int, tuple[datetime, int] | None, datetime | None]:
    if not token:
        return 1, None, None
    match = COOKIE.match(token)
    if not match:
        raise QueryError("The $skiptoken is not a valid paging cookie.")
    parts = unquote(match.group(2)).split("|")
    tracking = match.group(3) == "True"
    try:
        if len(parts) != (3 if tracking else 2):
            raise ValueError("a paging cookie of another shape")
        mark = datetime.fromisoformat(parts[2]) if tracking else None
        return int(match.group(1)), (datetime.fromisoformat(parts[0]), int(parts[1])), mark
    except ValueError:
        raise QueryError("The $skiptoken is not a valid paging cookie.") from None
