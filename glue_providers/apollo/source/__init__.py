"""Apollo source: contacts (with their sequence states), accounts, sequences, users and mailboxes,
from Apollo's API (https://docs.apollo.io/reference).

- contacts, accounts, sequences: ``POST /api/v1/{contacts,accounts,emailer_campaigns}/search``;
  users: ``GET /api/v1/users/search``. Pages by ``page`` (from 1) and ``per_page`` (100, Apollo's
  most) until ``pagination.total_pages``. A search serves at most 500 pages (50,000 records at
  100 a page): when a customer has more, the source reads what the cap allows and logs a
  warning naming the object and how many records were left out.
- mailboxes: ``GET /api/v1/email_accounts``, one answer.

No endpoint filters by modification time, so every run reads in full (the spec's
``full_only_objects``) and records gone from Apollo are flagged deleted after each run.

Limits: per-minute, hourly and daily windows, reported in ``x-rate-limit-*`` headers. A 429 for
the minute is waited out as its ``Retry-After`` says; one for a spent hour or day ends the run
with ``ProviderRateLimited`` (the run fails saying when Apollo takes requests again, and the engine
pauses the connection's syncs until then).

Each resource yields one Arrow table per page (see ``glue_providers.records``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone

import dlt
import pyarrow as pa
from dlt.extract.resource import DltResource

from glue_providers.http import ProviderClient
from glue_providers.records import records_table

log = logging.getLogger("glue.sync")

DEFAULT_BASE_URL = "https://api.apollo.io"
PER_PAGE = 100
SEARCH_CAP_PAGES = 500
# object -> (path, method, the answer's list key); None: one unpaged answer
SEARCHES = {
    "contacts": ("/api/v1/contacts/search", "POST", "contacts"),
    "accounts": ("/api/v1/accounts/search", "POST", "accounts"),
    "emailer_campaigns": ("/api/v1/emailer_campaigns/search", "POST", "emailer_campaigns"),
    "users": ("/api/v1/users/search", "GET", "users"),
}
MAILBOXES = ("/api/v1/email_accounts", "email_accounts")
OBJECTS = (*SEARCHES, "email_accounts")
# The longest Retry-After waited out: a minute window. Longer means a spent hour or day.
LONGEST_WAIT_SECONDS = 61.0
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dlt.source(name="apollo", max_table_nesting=0)
def apollo_source(api_key: str, base_url: str = DEFAULT_BASE_URL, objects: Sequence[str] = OBJECTS,
                  cap_pages: int = SEARCH_CAP_PAGES) -> list[DltResource]:
    """One resource per object, each read in full (a search up to ``cap_pages`` pages, Apollo's cap)."""
    unknown = [name for name in objects if name not in OBJECTS]
    if unknown:
        raise ValueError(f"Apollo has no object(s) {', '.join(unknown)}; known: {', '.join(OBJECTS)}")

    def reader(name: str):
        def pages() -> Iterator[pa.Table]:
            with open_client(api_key, base_url) as client:
                found = search_pages(client, name, cap_pages) if name in SEARCHES else mailbox_pages(client)
                for records in found:
                    yield records_table((r["id"], last_modified(r), False, r) for r in records)

        return pages

    return [dlt.resource(reader(name), name=name, primary_key="id", write_disposition="merge") for name in objects]


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    """The registry's entry point; ``modified_since`` is unused: Apollo cannot filter by time."""
    return apollo_source(credentials["api_key"], base_url, objects)


def open_client(api_key: str, base_url: str) -> ProviderClient:
    return ProviderClient(base_url, headers={"x-api-key": api_key, "Accept": "application/json",
                                             "Cache-Control": "no-cache"},
                          max_backoff_seconds=LONGEST_WAIT_SECONDS)


def search_pages(client: ProviderClient, name: str, cap_pages: int = SEARCH_CAP_PAGES) -> Iterator[list[dict]]:
    path, method, key = SEARCHES[name]
    page = 1
    while True:
        paging = {"page": page, "per_page": PER_PAGE}
        answer = client.post(path, json=paging) if method == "POST" else client.get(path, params=paging)
        body = answer.json()
        records = body.get(key) or []
        if records:
            yield records
        pagination = body.get("pagination") or {}
        total_pages = int(pagination.get("total_pages") or 0)
        if page >= total_pages or not records:
            return
        if page >= cap_pages:
            served = int(pagination.get("per_page") or PER_PAGE) * cap_pages
            total = int(pagination.get("total_entries") or 0)
            log.warning("Apollo serves at most %d pages of a search: %d of %d %s synced, %d left out",
                        cap_pages, served, total, name, total - served)
            return
        page += 1


def mailbox_pages(client: ProviderClient) -> Iterator[list[dict]]:
    path, key = MAILBOXES
    records = client.get(path).json().get(key) or []
    if records:
        yield records


def last_modified(record: dict) -> datetime:
    for name in ("updated_at", "last_used_at", "last_synced_at", "created_at"):
        value = record.get(name)
        if value:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)
    return EPOCH
