"""Reading a Salesloft list to its end for the cost of its first hundred pages.

Salesloft pages lists with ``page``/``per_page`` (at most 100 a page) and says in ``metadata.paging.next_page``
whether there is more. Pages past the 100th cost 3 to 30 times a page's cost, so a long list is not paged
deeper: it is read in ascending ``updated_at`` order, and when a read reaches its 100th page with more to
come, a new read starts at the last time seen (``updated_at[gte]``), from page 1 again.

Times are not unique: records changed at the same microsecond may straddle a page boundary. The new read
therefore starts *at* the last time (not after it) and skips the records of that time already read, so
nothing is missed and nothing read twice. Should a hundred pages all share one time (no progress is
possible by narrowing), the read goes on past page 100, paying what those pages cost.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

from glue_providers.http import ProviderClient, ProviderError
from glue_providers.salesloft.source.budget import LAST_CHEAP_PAGE, MinuteBudget

PER_PAGE = 100  # the most Salesloft serves a page
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def pages_by_update(client: ProviderClient, budget: MinuteBudget, path: str, since: datetime | None,
                    per_page: int = PER_PAGE) -> Iterator[list[dict]]:
    """Every record changed at or after ``since`` (all of them without it), oldest change first."""
    low = since  # this read's updated_at[gte]
    skip: set = set()  # ids at exactly ``low`` that an earlier read already gave
    tail_at, tail_ids = low, set()  # the latest time given so far, and the ids given at it
    page = 1
    while True:
        params = {"per_page": per_page, "page": page, "sort_by": "updated_at", "sort_direction": "ASC"}
        if low is not None:
            params["updated_at[gte]"] = iso(low)
        body = _get(client, budget, path, params, page)
        records = body.get("data") or []
        fresh = []
        for record in records:
            at = updated_at(record)
            if at == low and record.get("id") in skip:
                continue
            fresh.append(record)
            if tail_at is None or at > tail_at:
                tail_at, tail_ids = at, set()
            tail_ids.add(record.get("id"))
        if fresh:
            yield fresh
        next_page = _next_page(body, path, page)
        if next_page is None:
            return
        if next_page > LAST_CHEAP_PAGE and tail_at is not None and (low is None or tail_at > low):
            low, skip, page = tail_at, set(tail_ids), 1  # narrow instead of paying for deep pages
        else:
            page = next_page


def pages_in_order(client: ProviderClient, budget: MinuteBudget, path: str, per_page: int = PER_PAGE
                   ) -> Iterator[list[dict]]:
    """Every record of a list Salesloft cannot filter by time (users: a team's few hundred at most)."""
    page = 1
    while True:
        body = _get(client, budget, path, {"per_page": per_page, "page": page}, page)
        records = body.get("data") or []
        if records:
            yield records
        page = _next_page(body, path, page)
        if page is None:
            return


def _get(client: ProviderClient, budget: MinuteBudget, path: str, params: dict, page: int) -> dict:
    budget.next_cost = budget.cost_of(path, page)
    body = client.get(path, params=params).json()
    if not isinstance(body, dict):
        raise ProviderError(200, f"{path} answered something other than a JSON object")
    return body


def _next_page(body: dict, path: str, page: int) -> int | None:
    paging = (body.get("metadata") or {}).get("paging") or {}
    next_page = paging.get("next_page")
    if next_page is None:
        return None
    if not isinstance(next_page, int) or next_page <= page:
        raise ProviderError(200, f"{path} named page {next_page!r} after page {page}")
    return next_page


def updated_at(record: dict) -> datetime:
    for name in ("updated_at", "created_at"):
        value = record.get(name)
        if value:
            return parse_time(value)
    return EPOCH


def parse_time(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)


def iso(at: datetime) -> str:
    """Salesloft compares times to the microsecond: send every digit."""
    at = at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)
    return at.isoformat(timespec="microseconds")
