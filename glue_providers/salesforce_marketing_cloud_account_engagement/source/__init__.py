"""Account Engagement (formerly Pardot) source: prospects, visitors, visitor activities, campaigns and forms
from API v5 (https://developer.salesforce.com/docs/marketing/pardot/guide/version5overview.html), under
``/api/v5/objects`` on ``https://pi.pardot.com`` (``pi.demo.pardot.com`` for developer orgs and sandboxes).

- Every request carries the Salesforce access token and the connection's business unit id
  (``Pardot-Business-Unit-Id``); see ../api.py for which details come from the reference.
- A query names its ``fields``; prospects also ask for the account's custom prospect fields, listed first
  from ``/custom-fields`` (each by its API name, ``fieldId``).
- Pages of up to 1,000 records follow the answer's ``nextPageToken``; Glue sends only the token back to its
  own path, so a token is never sent to a host the answer names (``nextPageUrl``).
- Incremental: prospects, visitors and visitor activities (``visitor_activity``, at ``/visitor-activities``)
  with ``updatedAtAfterOrEqualTo`` the cursor (less the engine's lookback), oldest first; prospects also come
  back from the recycle bin (``deleted=all``) and land as deleted. Campaigns and forms are queried by id only: read in full every run.

Limits: a daily number of API calls per business unit and a few concurrent requests. A refusal for too many
concurrent requests is retried with back-off; a spent day ends the run with ``ProviderRateLimited`` (the
engine pauses the connection's syncs until then).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone

import dlt
import pyarrow as pa
from dlt.extract.resource import DltResource

from glue_providers.http import ProviderClient, ProviderError
from glue_providers.records import records_table
from glue_providers.salesforce_marketing_cloud_account_engagement.api import (
    API, BUSINESS_UNIT_HEADER, FIELDS, MAX_LIMIT, OBJECTS, PATHS, RECYCLED, business_unit_id, iso, parse_time,
    retry_after,
)

DEFAULT_BASE_URL = "https://pi.pardot.com"
MAX_PAGES = 1_000_000
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")  # it goes into the comma-separated fields parameter


@dlt.source(name="salesforce_marketing_cloud_account_engagement", max_table_nesting=0)
def account_engagement_source(access_token: str, business_unit: str, base_url: str = DEFAULT_BASE_URL,
                              objects: Sequence[str] = OBJECTS,
                              modified_since: Mapping[str, datetime | None] | None = None,
                              limit: int = MAX_LIMIT) -> list[DltResource]:
    """One resource per object; ``modified_since[object]`` None (or absent) reads it in full."""
    unknown = [name for name in objects if name not in FIELDS]
    if unknown:
        raise ValueError(f"Account Engagement has no object(s) {', '.join(unknown)}; known: {', '.join(OBJECTS)}")
    business_unit = business_unit_id({"business_unit_id": business_unit})
    since = dict(modified_since or {})
    size = max(1, min(limit, MAX_LIMIT))

    def reader(name: str):
        def pages() -> Iterator[pa.Table]:
            with open_client(access_token, business_unit, base_url) as client:
                fields = list(FIELDS[name])
                if name == "prospects":
                    fields += custom_field_names(client)
                cursor = since.get(name)
                params = {"fields": ",".join(fields), "limit": size, "orderBy": "id ASC"}
                if cursor is not None:
                    params |= {"updatedAtAfterOrEqualTo": iso(cursor), "orderBy": "updatedAt ASC,id ASC"}
                    if name in RECYCLED:
                        params["deleted"] = "all"
                for records in token_pages(client, f"{API}/{PATHS[name]}", params):
                    yield records_table((r["id"], _modified(r), r.get("isDeleted") is True, r) for r in records)
        return pages

    return [dlt.resource(reader(name), name=name, primary_key="id", write_disposition="merge") for name in objects]


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    """The registry's entry point; the business unit id is a connection setting (``options["settings"]``)."""
    unit = business_unit_id((options or {}).get("settings") or {})
    return account_engagement_source(credentials["access_token"], unit, base_url, objects, modified_since)


def open_client(access_token: str, business_unit: str, base_url: str) -> ProviderClient:
    return ProviderClient(base_url, headers={"Authorization": f"Bearer {access_token}",
                                             BUSINESS_UNIT_HEADER: business_unit, "Accept": "application/json"},
                          retry_after=retry_after)


def token_pages(client: ProviderClient, path: str, params: dict) -> Iterator[list[dict]]:
    """Each page's records, following ``nextPageToken`` (sent alone: it carries the query) to the last page."""
    seen: set[str] = set()
    query = params
    for _ in range(MAX_PAGES):
        body = client.get(path, params=query).json()
        records = [r for r in body.get("values") or [] if isinstance(r, dict) and r.get("id") is not None]
        if records:
            yield records
        token = body.get("nextPageToken")
        if not token:
            return
        if token in seen:
            raise ProviderError(200, f"{path} named the same next page twice")
        seen.add(token)
        query = {"nextPageToken": token}
    raise ProviderError(200, f"{path} still had a next page after {MAX_PAGES} pages")


def custom_field_names(client: ProviderClient) -> list[str]:
    """The API names of the account's custom prospect fields, to ask for them with the standard ones."""
    names = []
    for fields in token_pages(client, f"{API}/custom-fields", {"fields": "id,fieldId", "limit": MAX_LIMIT}):
        names += [f["fieldId"] for f in fields
                  if isinstance(f.get("fieldId"), str) and FIELD_NAME.fullmatch(f["fieldId"])]
    return names


def _modified(record: dict) -> datetime:
    return parse_time(record.get("updatedAt")) or parse_time(record.get("createdAt")) or EPOCH
