"""Capsule source: parties (people and organisations), opportunities and users, from Capsule's API v2
(https://developer.capsulecrm.com/v2/), under ``/api/v2`` on ``https://api.capsulecrm.com``.

- Parties and opportunities page by ``page``/``perPage`` (100, Capsule's most) while the answer's
  ``Link`` header names a ``rel="next"`` page; each record comes with its custom field values
  (``embed=fields``). Glue takes only the page number from that link and asks its own path again,
  so a token is never sent to a host the answer names.
- Incremental: ``since`` (ISO 8601) keeps records updated at or after the cursor, less the engine's
  lookback. An incremental read then lists what was deleted since the same time
  (``/parties/deleted``, ``/opportunities/deleted``) and lands those ids as deleted; full syncs flag
  whatever is gone.
- Users come in one unpaged list with no time filter: read in full every run (``full_only_objects``).

Limits: 4,000 requests an hour per account, reported in ``X-RateLimit-*`` headers. The client waits
out a short 429 by ``Retry-After`` and ends the run with ``ProviderRateLimited`` when the hour is spent
(the engine pauses the connection's syncs until it opens). Each resource yields one Arrow table per
page (``glue_providers.records``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlparse

import dlt
import httpx
import pyarrow as pa
from dlt.extract.resource import DltResource

from glue_providers.http import ProviderClient, ProviderError
from glue_providers.records import records_table

DEFAULT_BASE_URL = "https://api.capsulecrm.com"
API = "/api/v2"
OBJECTS = ("parties", "opportunities", "users")
PAGED = frozenset({"parties", "opportunities"})
PER_PAGE = 100
MAX_PAGES = 100_000
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dlt.source(name="capsule", max_table_nesting=0)
def capsule_source(access_token: str, base_url: str = DEFAULT_BASE_URL, objects: Sequence[str] = OBJECTS,
                   modified_since: Mapping[str, datetime | None] | None = None,
                   per_page: int = PER_PAGE) -> list[DltResource]:
    """One resource per object; ``modified_since[object]`` None (or absent) reads it in full."""
    unknown = [name for name in objects if name not in OBJECTS]
    if unknown:
        raise ValueError(f"Capsule has no object(s) {', '.join(unknown)}; known: {', '.join(OBJECTS)}")
    since = dict(modified_since or {})
    size = max(1, min(per_page, PER_PAGE))

    def reader(name: str):
        def pages() -> Iterator[pa.Table]:
            with open_client(access_token, base_url) as client:
                if name not in PAGED:
                    users = client.get(f"{API}/users").json().get("users") or []
                    if users:
                        yield records_table((u["id"], _modified(u), False, u) for u in users)
                    return
                cursor = since.get(name)
                params = {"perPage": size, "embed": "fields"}
                if cursor is not None:
                    params["since"] = iso(cursor)
                for records in link_pages(client, f"{API}/{name}", name, params):
                    yield records_table((r["id"], _modified(r), False, r) for r in records)
                if cursor is not None:
                    for gone in link_pages(client, f"{API}/{name}/deleted", name, {"perPage": size,
                                                                                    "since": iso(cursor)}):
                        yield records_table((g["id"], parse_time(g.get("deletedAt")), True, g) for g in gone)
        return pages

    return [dlt.resource(reader(name), name=name, primary_key="id", write_disposition="merge") for name in objects]


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    """The registry's entry point; ``base_url`` is Capsule's host (the API is under /api/v2)."""
    return capsule_source(credentials["access_token"], base_url, objects, modified_since)


def open_client(access_token: str, base_url: str) -> ProviderClient:
    return ProviderClient(base_url, headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"})


def link_pages(client: ProviderClient, path: str, key: str, params: dict) -> Iterator[list[dict]]:
    page = 1
    for _ in range(MAX_PAGES):
        response = client.get(path, params={**params, "page": page})
        records = [r for r in response.json().get(key) or [] if isinstance(r, dict) and r.get("id") is not None]
        if records:
            yield records
        following = next_page(response)
        if following is None or not records:
            return
        if following <= page:
            raise ProviderError(200, f"{path} named page {following} after page {page}")
        page = following
    raise ProviderError(200, f"{path} still had a next page after {MAX_PAGES} pages")


def next_page(response: httpx.Response) -> int | None:
    """The page number of the ``Link`` header's ``rel="next"``, if any."""
    link = response.links.get("next")
    if not link or not link.get("url"):
        return None
    values = parse_qs(urlparse(link["url"]).query).get("page")
    try:
        return int(values[0]) if values else None
    except ValueError:
        return None


def iso(at: datetime) -> str:
    return _utc(at).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value: str | None) -> datetime:
    if not value:
        return EPOCH
    return _utc(datetime.fromisoformat(value.replace("Z", "+00:00")))


def _modified(record: dict) -> datetime:
    return parse_time(record.get("updatedAt") or record.get("createdAt"))


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)
