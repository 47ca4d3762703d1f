"""Intercom source: contacts, companies, conversations and admins, from Intercom's REST API (version 2.11,
https://developers.intercom.com/docs/references/rest-api/api.intercom.io).

- contacts, conversations: ``POST /contacts/search`` / ``POST /conversations/search`` on ``updated_at``, sorted
  by it, 150 a page, the next page named by ``pagination.starting_after`` in the body (Intercom ignores it in
  the query string and answers the first page again). Contact search compares timestamps by UTC day:
  ``updated_at > t`` matches from the day after ``t``'s. So an incremental read asks for everything from
  the day before ``modified_since`` on (``DAY_LOOKBACK``) and keeps what changed at or after it: a full day
  of records may be re-read, none is missed.
- companies: ``GET /companies/scroll`` with the ``scroll_param`` each answer names, until an answer holds
  no companies. Intercom cannot filter companies by time: every run reads them in full.
- admins: ``GET /admins``, one unpaged list; read in full every run.

Deleted contacts, companies and conversations are not listed anywhere: full syncs find them missing.
Every answer reports the workspace's one-minute window (``X-RateLimit-*``, the reset as epoch seconds): the
client waits for the reset when a window is spent or answers 429, and a wait longer than its patience ends
the run with ``ProviderRateLimited``. Access tokens never expire and there is no refresh token: a 401 means
the workspace removed the app, and the engine pauses the syncs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timedelta, timezone

import dlt
import pyarrow as pa
from dlt.extract.resource import DltResource

from glue_providers.http import ProviderClient, ProviderError
from glue_providers.intercom.source.client import open_client
from glue_providers.records import records_table

DEFAULT_BASE_URL = "https://api.intercom.io"
OBJECTS = ("contacts", "companies", "conversations", "admins")
SEARCHES = {"contacts": ("/contacts/search", "data"), "conversations": ("/conversations/search", "conversations")}
PER_PAGE = 150  # the most a search page holds
DAY_LOOKBACK = timedelta(days=1)
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dlt.source(name="intercom", max_table_nesting=0)
def intercom_source(access_token: str, base_url: str = DEFAULT_BASE_URL, objects: Sequence[str] = OBJECTS,
                    modified_since: Mapping[str, datetime | None] | None = None) -> list[DltResource]:
    """One resource per object; ``modified_since[object]`` None (or absent) reads it in full."""
    unknown = [name for name in objects if name not in OBJECTS]
    if unknown:
        raise ValueError(f"Intercom has no object(s) {', '.join(unknown)}; known: {', '.join(OBJECTS)}")
    since = dict(modified_since or {})

    def searched(name: str):
        def pages() -> Iterator[pa.Table]:
            path, key = SEARCHES[name]
            with open_client(access_token, base_url) as client:
                for page in search_pages(client, path, key, since.get(name)):
                    yield page
        return pages

    def companies() -> Iterator[pa.Table]:
        with open_client(access_token, base_url) as client:
            for records in scroll_pages(client, "/companies/scroll"):
                yield _table(records)

    def admins() -> Iterator[pa.Table]:
        with open_client(access_token, base_url) as client:
            records = client.get("/admins").json().get("admins") or []
        if records:
            yield records_table((admin["id"], EPOCH, False, admin) for admin in records)  # admins carry no times

    readers = {"contacts": searched("contacts"), "conversations": searched("conversations"),
               "companies": companies, "admins": admins}
    return [dlt.resource(readers[name], name=name, primary_key="id", write_disposition="merge") for name in objects]


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    """The registry's entry point; ``base_url`` is the workspace's regional API host."""
    return intercom_source(credentials["access_token"], base_url, objects, modified_since)


def search_pages(client: ProviderClient, path: str, key: str, since: datetime | None) -> Iterator[pa.Table]:
    """Records whose ``updated_at`` is at or after ``since`` (every record without it), one table per page."""
    floor = int(_utc(since).timestamp()) if since is not None else None
    asked = max(0, floor - int(DAY_LOOKBACK.total_seconds())) if floor is not None else 0
    body = {"query": {"field": "updated_at", "operator": ">", "value": asked},
            "sort": {"field": "updated_at", "order": "ascending"}, "pagination": {"per_page": PER_PAGE}}
    cursor = None
    while True:
        if cursor:
            body["pagination"] = {"per_page": PER_PAGE, "starting_after": cursor}
        answer = client.post(path, json=body).json()
        records = [r for r in answer.get(key) or [] if floor is None or (r.get("updated_at") or 0) >= floor]
        if records:
            yield _table(records)
        next_cursor = ((answer.get("pages") or {}).get("next") or {}).get("starting_after")
        if not next_cursor:
            return
        if next_cursor == cursor:
            raise ProviderError(200, f"{path} returned the same cursor twice")
        cursor = next_cursor


def scroll_pages(client: ProviderClient, path: str) -> Iterator[list[dict]]:
    """Every record of a scroll; Intercom may name the same ``scroll_param`` on each call, so only an empty
    answer ends it."""
    param = None
    while True:
        answer = client.get(path, params={"scroll_param": param} if param else None).json()
        records = answer.get("data") or []
        if not records:
            return
        yield records
        param = answer.get("scroll_param")
        if not param:
            return


def _table(records: list[dict]) -> pa.Table:
    return records_table((r["id"], _time(r.get("updated_at")), False, r) for r in records)


def _time(value) -> datetime:
    return datetime.fromtimestamp(int(value), timezone.utc) if isinstance(value, (int, float)) and value else EPOCH


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)
