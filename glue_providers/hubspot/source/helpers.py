"""HubSpot API plumbing: the client, object resolution, list paging, associations, record tables."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import httpx
import pyarrow as pa

from glue_providers.http import ProviderClient, ProviderError
from glue_providers.records import records_table
from glue_providers.hubspot.source import settings

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class CrmObject:
    name: str  # as the caller asked for it: the resource's name
    path_type: str  # what goes into URLs: the standard name, or a custom object's objectTypeId
    modified_property: str


def hubspot_client(access_token: str, base_url: str) -> ProviderClient:
    return ProviderClient(
        base_url,
        headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
        pause_after=rate_limit_pause,
    )


def rate_limit_pause(response: httpx.Response) -> float:
    """Seconds to wait once the rolling window is spent (search responses carry no such headers).

    A spent daily quota is left to the 429 and the client's bounded retries: waiting
    until midnight inside a sync helps nobody.
    """
    remaining = _int_header(response, "X-HubSpot-RateLimit-Remaining")
    interval_ms = _int_header(response, "X-HubSpot-RateLimit-Interval-Milliseconds")
    if remaining is None or interval_ms is None or remaining > 0:
        return 0.0
    return interval_ms / 1000  # the oldest request of a rolling window leaves it within one interval


def check_object_name(name: str) -> None:
    if name == settings.OWNERS or name in settings.STANDARD_OBJECTS or re.match(settings.CUSTOM_OBJECT_NAME, name):
        return
    supported = ", ".join([*settings.STANDARD_OBJECTS, settings.OWNERS])
    raise ValueError(f"HubSpot object {name!r} is not supported: use {supported} or a custom object's "
                     "objectTypeId / fully qualified name")


def resolve_object(client: ProviderClient, name: str) -> CrmObject:
    if name in settings.STANDARD_OBJECTS:
        return CrmObject(name, name, settings.STANDARD_OBJECTS[name])
    for schema in client.get(settings.SCHEMAS_PATH).json().get("results", []):
        aliases = {schema.get("objectTypeId"), schema.get("fullyQualifiedName"), f"p_{schema.get('name')}"}
        if name in aliases:
            return CrmObject(name, schema["objectTypeId"], settings.CUSTOM_OBJECT_MODIFIED_PROPERTY)
    raise ProviderError(404, f"the HubSpot account has no custom object {name}")


def api_path(template: str, **segments: str) -> str:
    """A path from one of settings' templates, each segment escaped: names from a sync config never add path levels."""
    return template.format(**{name: quote(str(value), safe="") for name, value in segments.items()})


def property_names(client: ProviderClient, crm_object: CrmObject) -> list[str]:
    response = client.get(api_path(settings.PROPERTIES_PATH, object_type=crm_object.path_type))
    return [prop["name"] for prop in response.json().get("results", []) if not prop.get("archived")]


def list_pages(
    client: ProviderClient, path: str, params: dict, page_size: int
) -> Iterator[list[dict]]:
    """GET pages of a v3 list endpoint, following ``paging.next.after``."""
    params = {**params, "limit": page_size}
    while True:
        body = client.get(path, params=params).json()
        results = body.get("results", [])
        if results:
            yield results
        after = next_after(body)
        if after is None:
            return
        params["after"] = after


def object_pages(
    client: ProviderClient, crm_object: CrmObject, properties: Sequence[str], archived: bool, page_size: int
) -> Iterator[list[dict]]:
    params = {"archived": str(archived).lower()}
    if properties:
        params["properties"] = ",".join(properties)
    path = api_path(settings.OBJECTS_PATH, object_type=crm_object.path_type)
    yield from list_pages(client, path, params, min(page_size, settings.LIST_PAGE_MAX))


def attach_associations(
    client: ProviderClient, crm_object: CrmObject, records: list[dict], to_types: Sequence[str]
) -> None:
    """Put each record's associations, as the v4 batch read returns them, under record["associations"][to_type]."""
    for to_type in to_types:
        found = read_associations(client, crm_object.path_type, to_type, [r["id"] for r in records])
        for record in records:
            record.setdefault("associations", {})[to_type] = found.get(str(record["id"]), [])


def read_associations(client: ProviderClient, from_type: str, to_type: str, ids: list[str]) -> dict[str, list]:
    path = api_path(settings.ASSOCIATIONS_READ_PATH, from_type=from_type, to_type=to_type)
    found: dict[str, list] = {}
    pending = [{"id": str(i)} for i in ids]
    while pending:
        batch, pending = pending[: settings.ASSOCIATIONS_BATCH_MAX], pending[settings.ASSOCIATIONS_BATCH_MAX:]
        body = client.post(path, json={"inputs": batch}).json()  # 207: ids without associations are "errors"
        for result in body.get("results", []):
            from_id = str(result["from"]["id"])
            found.setdefault(from_id, []).extend(result.get("to", []))
            after = next_after(result)
            if after is not None:  # more than one page of associations for this record
                pending.append({"id": from_id, "after": after})
    return found


def pages_table(records: list[dict], deleted: bool) -> pa.Table:
    return records_table((r["id"], last_modified(r), deleted, r) for r in records)


def last_modified(record: dict) -> datetime:
    """updatedAt, or archivedAt when archiving came later (it is the record's last change)."""
    moments = [parse_time(record[key]) for key in ("updatedAt", "archivedAt") if record.get(key)]
    return max(moments)


def parse_time(value: str | int) -> datetime:
    """HubSpot timestamps: ISO 8601 in API bodies, epoch milliseconds in some property values."""
    text = str(value)
    if text.isdigit():
        return EPOCH + timedelta(milliseconds=int(text))
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def epoch_ms(moment: datetime) -> int:
    return (as_utc(moment) - EPOCH) // timedelta(milliseconds=1)


def next_after(body: dict) -> str | None:
    return ((body.get("paging") or {}).get("next") or {}).get("after")


def _int_header(response: httpx.Response, name: str) -> int | None:
    try:
        return int(response.headers[name])
    except (KeyError, ValueError):
        return None
