"""Reading Zoho CRM lists: modules by page then page token, deleted records, users, and the fields to ask for."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

import httpx
import pyarrow as pa

from glue_providers.http import ProviderClient, ProviderError
from glue_providers.records import records_table
from glue_providers.zoho_crm.source.settings import (
    API_VERSION, DISCRETE_PAGING_LIMIT, MAX_FIELDS, PER_PAGE, PREFERRED_FIELDS,
)

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
MAX_PAGES = 100_000  # a provider that never says "no more records" must not keep Glue reading forever


def open_client(access_token: str, base_url: str) -> ProviderClient:
    return ProviderClient(base_url, headers={"Authorization": f"Zoho-oauthtoken {access_token}",
                                             "Accept": "application/json"})


def fields_to_ask(client: ProviderClient, module: str) -> list[str]:
    """Every field of the module (the list API wants them named), the common model's first, at most MAX_FIELDS."""
    body = _json(client.get(f"{API_VERSION}/settings/fields", params={"module": module}))
    known = [f["api_name"] for f in body.get("fields") or [] if isinstance(f, dict) and f.get("api_name")]
    preferred = [name for name in PREFERRED_FIELDS.get(module, ()) if name in known]
    rest = [name for name in known if name not in preferred]
    return (preferred + rest)[:MAX_FIELDS]


def module_pages(client: ProviderClient, module: str, fields: list[str], since: datetime | None) -> Iterator[pa.Table]:
    """The module's records modified at or after ``since`` (all of them without), oldest change first;
    ``page`` for the first 2,000 records, then ``info.next_page_token``."""
    params = {"fields": ",".join(fields), "per_page": PER_PAGE, "sort_by": "Modified_Time", "sort_order": "asc"}
    headers = _since_header(since)
    page, token = 1, None
    for _ in range(MAX_PAGES):
        query = params | ({"page_token": token} if token else {"page": page})
        response = client.get(f"{API_VERSION}/{module}", params=query, headers=headers)
        if response.status_code == 204:  # nothing (more) to list
            return
        body = _json(response)
        data = body.get("data") or []
        if data:
            yield records_table((r["id"], modified_time(r), False, r) for r in data)
        info = body.get("info") or {}
        if not info.get("more_records") or not data:
            return
        per_page = int(info.get("per_page") or len(data))
        if token is not None or page * per_page >= DISCRETE_PAGING_LIMIT:
            next_token = info.get("next_page_token")
            if not next_token or next_token == token:
                raise ProviderError(200, f"{module} has more records but no new page token")
            token = next_token
        else:
            page += 1
    raise ProviderError(200, f"{module} listed more than {MAX_PAGES} pages")


def deleted_pages(client: ProviderClient, module: str, since: datetime | None) -> Iterator[pa.Table]:
    """Records deleted (to the recycle bin or for good) at or after ``since``, flagged ``is_deleted``."""
    yield from _paged(client, f"{API_VERSION}/{module}/deleted", {"type": "all"}, "data", since,
                      lambda r: (r["id"], parse_time(r.get("deleted_time")) or EPOCH, True, r))


def user_pages(client: ProviderClient, since: datetime | None) -> Iterator[pa.Table]:
    """Every user (active and deactivated), then the deleted ones flagged ``is_deleted``."""
    for kind, deleted in (("AllUsers", False), ("DeletedUsers", True)):
        yield from _paged(client, f"{API_VERSION}/users", {"type": kind}, "users", since,
                          lambda r, deleted=deleted: (r["id"], modified_time(r), deleted, r))


def _paged(client: ProviderClient, path: str, params: dict, key: str, since: datetime | None, row
           ) -> Iterator[pa.Table]:
    headers = _since_header(since)
    for page in range(1, MAX_PAGES + 1):
        response = client.get(path, params=params | {"page": page, "per_page": PER_PAGE}, headers=headers)
        if response.status_code == 204:
            return
        body = _json(response)
        items = body.get(key) or []
        if items:
            yield records_table(row(r) for r in items)
        if not (body.get("info") or {}).get("more_records") or not items:
            return
    raise ProviderError(200, f"{path} listed more than {MAX_PAGES} pages")


def modified_time(record: dict) -> datetime:
    return parse_time(record.get("Modified_Time")) or parse_time(record.get("Created_Time")) \
        or parse_time(record.get("created_time")) or EPOCH


def parse_time(value) -> datetime | None:
    """Zoho's ISO 8601 with the organisation's offset (2024-01-01T05:30:00+05:30), to UTC."""
    if not isinstance(value, str) or not value:
        return None
    at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return (at if at.tzinfo else at.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def _since_header(since: datetime | None) -> dict[str, str]:
    if since is None:
        return {}
    at = since if since.tzinfo else since.replace(tzinfo=timezone.utc)
    # Zoho's times are whole seconds: ask from the second ``since`` falls in.
    return {"If-Modified-Since": at.astimezone(timezone.utc).replace(microsecond=0).isoformat()}


def _json(response: httpx.Response) -> dict:
    body = response.json()
    if not isinstance(body, dict):
        raise ProviderError(response.status_code, "answered JSON that is not an object")
    return body
