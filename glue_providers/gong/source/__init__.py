"""Gong source: users and calls, from Gong's v2 API (https://gong.app.gong.io/settings/api/documentation).

- users: ``GET /v2/users``, cursor pages (``records.cursor``, absent on the last page). Gong
  cannot filter users by when they changed, so every run reads them in full (the spec's
  ``full_only_objects``), and users gone from the list are flagged deleted.
- calls: ``GET /v2/calls``, the same cursor pages, incremental on the call's start time with
  ``fromDateTime``. Gong lists a call only once it has processed its recording, often well
  after the call started, so an incremental read starts ``LATE_CALLS_LOOKBACK`` before the last
  cursor: calls that arrive later than that are found by the next full sync. A call's start
  time never moves, so a changed call (a new title) is re-read only inside that lookback or
  by a full sync. Gong answers 404 "No calls found" for an empty range: that is no records.

Limits: 3 requests a second and 10,000 a day per account; Gong sends no rate-limit headers.
The client keeps to three requests in any second (``glue_providers.pacing``), waits out a 429's ``Retry-After``
when it is short, and ends the run with ``ProviderRateLimited`` (the run fails with a message
saying when Gong takes requests again, and the engine pauses the connection's syncs until then) when
the day's allowance is spent.

Each resource yields one Arrow table per page (see ``glue_providers.records``).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timedelta, timezone

import dlt
import pyarrow as pa
from dlt.extract.resource import DltResource

from glue_providers.http import ProviderClient, ProviderError
from glue_providers.pacing import RequestPacer
from glue_providers.records import records_table

DEFAULT_BASE_URL = "https://api.gong.io"
OBJECTS = ("users", "calls")
LATE_CALLS_LOOKBACK = timedelta(hours=6)
REQUESTS_PER_SECOND = 3
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dlt.source(name="gong", max_table_nesting=0)
def gong_source(access_key: str, access_key_secret: str, base_url: str = DEFAULT_BASE_URL,
                objects: Sequence[str] = OBJECTS, modified_since: Mapping[str, datetime | None] | None = None,
                *, access_token: str | None = None) -> list[DltResource]:
    """One resource per object; ``modified_since["calls"]`` None (or absent) reads every call. A connection
    made by OAuth passes its ``access_token`` (and no key pair)."""
    unknown = [name for name in objects if name not in OBJECTS]
    if unknown:
        raise ValueError(f"Gong has no object(s) {', '.join(unknown)}; known: {', '.join(OBJECTS)}")
    since = dict(modified_since or {})
    if access_token:
        credentials = f"Bearer {access_token}"
    else:
        credentials = "Basic " + base64.b64encode(f"{access_key}:{access_key_secret}".encode()).decode()

    def users() -> Iterator[pa.Table]:
        with open_client(credentials, base_url) as client:
            for page in cursor_pages(client, "/v2/users", "users", {}):
                yield records_table((user["id"], _time(user.get("created")), False, user) for user in page)

    def calls() -> Iterator[pa.Table]:
        params = {}
        if since.get("calls") is not None:
            params["fromDateTime"] = iso(since["calls"] - LATE_CALLS_LOOKBACK)
        with open_client(credentials, base_url) as client:
            for page in cursor_pages(client, "/v2/calls", "calls", params, empty_is_404=True):
                yield records_table((call["id"], _time(call.get("started")), False, call) for call in page)

    readers = {"users": users, "calls": calls}
    return [dlt.resource(readers[name], name=name, primary_key="id", write_disposition="merge") for name in objects]


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    """The registry's entry point."""
    if credentials.get("type") == "oauth2":
        return gong_source("", "", base_url, objects, modified_since, access_token=credentials["access_token"])
    return gong_source(credentials["access_key"], credentials["access_key_secret"], base_url, objects,
                       modified_since)


def open_client(authorization: str, base_url: str) -> ProviderClient:
    return ProviderClient(base_url, headers={"Authorization": authorization, "Accept": "application/json"},
                          pacer=RequestPacer(REQUESTS_PER_SECOND))


def cursor_pages(client: ProviderClient, path: str, key: str, params: dict, *, empty_is_404: bool = False
                 ) -> Iterator[list[dict]]:
    cursor = None
    while True:
        try:
            body = client.get(path, params={**params, "cursor": cursor} if cursor else params).json()
        except ProviderError as exc:
            if empty_is_404 and cursor is None and exc.status_code == 404:
                return  # Gong's answer to a range without calls
            raise
        records = body.get(key) or []
        if records:
            yield records
        next_cursor = (body.get("records") or {}).get("cursor")
        if not next_cursor:
            return
        if next_cursor == cursor:
            raise ProviderError(200, f"{path} returned the same cursor twice")
        cursor = next_cursor


def iso(at: datetime) -> str:
    at = at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)
    return at.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _time(value: str | None) -> datetime:
    if not value:
        return EPOCH
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)
