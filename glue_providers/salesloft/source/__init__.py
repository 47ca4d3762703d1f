"""Salesloft source: people, accounts, users, cadences and cadence memberships, from Salesloft's v2 API
(https://developers.salesloft.com/docs/api).

- people, accounts, cadences, cadence_memberships: ``GET /v2/{object}``, ascending ``updated_at``,
  incremental with ``updated_at[gte]``; read to the end without going past page 100 (reading.py).
- users: ``GET /v2/users``, which Salesloft cannot filter by time: read in full every run (the spec's
  ``full_only_objects``), users gone from the list flagged deleted by the engine.
- Salesloft's API does not list deleted people, accounts or cadences: a full sync finds them missing.
  A cadence membership of a deleted person says so (``person_deleted``); it stays a record.
- Salesloft has no mailbox list: a user's sending address is its mailbox (the common model maps it from users).

Limits: a cost per minute for the team (600), deep pages costing more. The source plans for it (budget.py):
it never pages past page 100 when narrowing by time can avoid it, and spends by each answer's
``x-ratelimit-remaining-minute``, waiting for the next minute rather than being refused. A 429 that comes
all the same (another integration spent the team's minute) is retried by ``ProviderClient`` once the next
minute has begun.

Each resource yields one Arrow table per page (see ``glue_providers.records``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime

import dlt
import pyarrow as pa
from dlt.extract.resource import DltResource

from glue_providers.http import ProviderClient
from glue_providers.records import records_table
from glue_providers.salesloft.source.budget import MinuteBudget
from glue_providers.salesloft.source.reading import PER_PAGE, pages_by_update, pages_in_order, updated_at

DEFAULT_BASE_URL = "https://api.salesloft.com"
OBJECTS = ("people", "accounts", "users", "cadences", "cadence_memberships")
FULL_ONLY = frozenset({"users"})


@dlt.source(name="salesloft", max_table_nesting=0)
def salesloft_source(access_token: str, base_url: str = DEFAULT_BASE_URL, objects: Sequence[str] = OBJECTS,
                     modified_since: Mapping[str, datetime | None] | None = None, *,
                     per_page: int = PER_PAGE, window_seconds: float = 60.0,
                     clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep,
                     ) -> list[DltResource]:
    """One resource per object; ``modified_since[object]`` None (or absent) reads it in full. The objects share
    one ``MinuteBudget`` (the team's); ``window_seconds``, ``clock`` and ``sleep`` time it (tests move it)."""
    unknown = [name for name in objects if name not in OBJECTS]
    if unknown:
        raise ValueError(f"Salesloft has no object(s) {', '.join(unknown)}; known: {', '.join(OBJECTS)}")
    since = dict(modified_since or {})
    per_page = max(1, min(per_page, PER_PAGE))
    budget = MinuteBudget(window_seconds=window_seconds, clock=clock, sleep=sleep)

    def resource(name: str) -> DltResource:
        def pages() -> Iterator[pa.Table]:
            with open_client(access_token, base_url, budget, sleep) as client:
                path = f"/v2/{name}"
                read = (pages_in_order(client, budget, path, per_page) if name in FULL_ONLY
                        else pages_by_update(client, budget, path, since.get(name), per_page))
                for records in read:
                    yield records_table((record["id"], updated_at(record), False, record) for record in records)

        return dlt.resource(pages, name=name, primary_key="id", write_disposition="merge")

    return [resource(name) for name in objects]


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    """The registry's entry point."""
    return salesloft_source(credentials["access_token"], base_url, objects, modified_since)


def open_client(access_token: str, base_url: str, budget: MinuteBudget,
                sleep: Callable[[float], None] = time.sleep) -> ProviderClient:
    client = ProviderClient(base_url, headers={"Authorization": f"Bearer {access_token}",
                                               "Accept": "application/json"}, pacer=budget, sleep=sleep)
    hooks = client.http.event_hooks  # keep the egress guard's request hook
    client.http.event_hooks = {**hooks, "response": [*hooks.get("response", []), budget.observe]}  # refusals too
    return client
