"""Zendesk Sell source: contacts (people and organisations), leads, deals and users, from Sell's Core
API v2 (https://developer.zendesk.com/api-reference/sales-crm/).

- Every list pages by ``page``/``per_page`` (100, Sell's most) and goes on while the answer's
  ``meta.links.next_page`` is there; each record comes wrapped as ``{"data": ..., "meta": ...}``.
- Incremental: the Core API cannot filter a list by when records changed (Sell's Sync API can, but
  it is a paid add-on with per-device sessions). Contacts, leads and deals are therefore read
  sorted by ``updated_at:desc``, and an incremental read stops at the first record older than the
  cursor (less the engine's lookback): it reads what changed plus one page at most. Records changed
  while the read goes on move to the front of the list and push others back one place, which
  can only repeat a record, never skip one; a record deleted meanwhile may hide one record from
  this run, which the next full sync reads.
- Users are few and read in full (``full_only_objects``).
- Deletions: the Core API lists no deleted records, so full syncs flag what is gone.
- Deals name their stage only by ``stage_id``; the source reads the pipeline's stages
  (``GET /v2/stages``) once and adds each deal's stage as ``stage`` ({id, name, category,
  pipeline_id}), so the record says whether the deal is open, won or lost.

Limits: 36,000 requests an hour and 10 a second per token. The client keeps to ten requests in any
second (``RequestPacer``), waits out short 429s by ``Retry-After``, and ends the run with
``ProviderRateLimited`` when the hour is spent (the engine pauses the connection's syncs until then).
Each resource yields one Arrow table per page (``glue_providers.records``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone

import dlt
import pyarrow as pa
from dlt.extract.resource import DltResource

from glue_providers.http import ProviderClient, ProviderError
from glue_providers.pacing import RequestPacer
from glue_providers.records import records_table

DEFAULT_BASE_URL = "https://api.getbase.com"
OBJECTS = ("contacts", "leads", "deals", "users")
SORTED_BY_UPDATE = frozenset({"contacts", "leads", "deals"})
PER_PAGE = 100
REQUESTS_PER_SECOND = 10
MAX_PAGES = 100_000  # a provider that keeps saying "next page" must not keep Glue reading forever
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dlt.source(name="zendesk_sell", max_table_nesting=0)
def zendesk_sell_source(access_token: str, base_url: str = DEFAULT_BASE_URL, objects: Sequence[str] = OBJECTS,
                        modified_since: Mapping[str, datetime | None] | None = None,
                        per_page: int = PER_PAGE) -> list[DltResource]:
    """One resource per object; ``modified_since[object]`` None (or absent) reads it in full."""
    unknown = [name for name in objects if name not in OBJECTS]
    if unknown:
        raise ValueError(f"Zendesk Sell has no object(s) {', '.join(unknown)}; known: {', '.join(OBJECTS)}")
    since = dict(modified_since or {})
    size = max(1, min(per_page, PER_PAGE))
    pacer = RequestPacer(REQUESTS_PER_SECOND)  # the token's per-second limit, shared by every resource

    def reader(name: str):
        def pages() -> Iterator[pa.Table]:
            with open_client(access_token, base_url, pacer) as client:
                stages = stage_table(client) if name == "deals" else {}
                cutoff = _utc(since[name]).replace(microsecond=0) if since.get(name) and name in SORTED_BY_UPDATE \
                    else None
                for records in record_pages(client, name, size):
                    rows, done = [], False
                    for record in records:
                        modified = parse_time(record.get("updated_at") or record.get("created_at"))
                        if cutoff is not None and modified < cutoff:
                            done = True  # sorted newest first: the rest are older still
                            break
                        if name == "deals":
                            record = with_stage(record, stages)
                        rows.append((record["id"], modified, False, record))
                    if rows:
                        yield records_table(rows)
                    if done:
                        return
        return pages

    return [dlt.resource(reader(name), name=name, primary_key="id", write_disposition="merge") for name in objects]


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    """The registry's entry point."""
    return zendesk_sell_source(credentials["access_token"], base_url, objects, modified_since)


def open_client(access_token: str, base_url: str, pacer: RequestPacer | None = None) -> ProviderClient:
    # Sell refuses requests without a User-Agent (400 invalid_user_agent).
    return ProviderClient(base_url, headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json",
                                             "User-Agent": "Glue"}, pacer=pacer)


def record_pages(client: ProviderClient, object_name: str, per_page: int) -> Iterator[list[dict]]:
    params = {"per_page": per_page}
    if object_name in SORTED_BY_UPDATE:
        params["sort_by"] = "updated_at:desc"
    for page in range(1, MAX_PAGES + 1):
        body = client.get(f"/v2/{object_name}", params={**params, "page": page}).json()
        records = [item["data"] for item in body.get("items") or [] if isinstance(item, dict) and item.get("data")]
        if records:
            yield records
        links = (body.get("meta") or {}).get("links") or {}
        if not links.get("next_page") or not records:
            return
    raise ProviderError(200, f"/v2/{object_name} still had a next page after {MAX_PAGES} pages")


def stage_table(client: ProviderClient) -> dict[int, dict]:
    """Stage id -> {id, name, category, pipeline_id}, for every stage of every pipeline."""
    stages = {}
    for records in record_pages(client, "stages", PER_PAGE):
        for stage in records:
            stages[stage["id"]] = {key: stage.get(key) for key in ("id", "name", "category", "pipeline_id")}
    return stages


def with_stage(deal: dict, stages: Mapping[int, dict]) -> dict:
    return {**deal, "stage": stages.get(deal.get("stage_id"))}


def parse_time(value: str | None) -> datetime:
    if not value:
        return EPOCH
    return _utc(datetime.fromisoformat(value.replace("Z", "+00:00")))


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)
