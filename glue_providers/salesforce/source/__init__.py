"""Salesforce source: standard and custom objects through the REST API's queryAll.

API reference: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/
(Query/QueryAll, sObject Describe, Limits, the Sforce-Query-Options and Sforce-Limit-Info
headers). SOQL: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/

Per object: describe to learn its fields (SOQL has no SELECT *), then one queryAll ordered
by SystemModstamp, Id, from ``modified_since`` on when given. queryAll also returns deleted
records (IsDeleted = true) while they are in the recycle bin; they are yielded with
is_deleted = True. Every page is one Arrow table in the shared record contract.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime

import dlt
import pyarrow as pa
from dlt.extract.resource import DltResource

from glue_providers.salesforce.source.helpers import (
    api_client,
    build_soql,
    cursor_field,
    describe_fields,
    get_json,
    page_table,
    query_all_pages,
)
from glue_providers.salesforce.source.settings import (
    API_VERSION_PATTERN,
    DEFAULT_API_VERSION,
    LIMITS_PATH,
    OBJECT_NAME_PATTERN,
    STANDARD_OBJECTS,
)


@dlt.source(name="salesforce", max_table_nesting=0)
def salesforce_source(
    access_token: str,
    instance_url: str,
    objects: Sequence[str] = STANDARD_OBJECTS,
    modified_since: Mapping[str, datetime | None] | None = None,
    api_version: str = DEFAULT_API_VERSION,
    page_size: int = 2000,
) -> list[DltResource]:
    """One resource per object, named by the object; ``modified_since[object]`` None is a full sync."""
    _check_api_version(api_version)
    since = dict(modified_since or {})
    resources = []
    for object_name in objects:
        if not re.fullmatch(OBJECT_NAME_PATTERN, object_name):  # it goes into the SOQL text
            raise ValueError(f"not a Salesforce object name: {object_name!r}")
        pages = _object_pages(access_token, instance_url, object_name, since.get(object_name), api_version, page_size)
        resources.append(dlt.resource(pages, name=object_name, primary_key="id", write_disposition="merge"))
    return resources


def fetch_limits(access_token: str, instance_url: str, api_version: str = DEFAULT_API_VERSION) -> dict:
    """The org's limits (``DailyApiRequests: {Max, Remaining}``, ...), also once they are spent."""
    _check_api_version(api_version)
    with api_client(access_token, instance_url, stop_when_spent=False) as client:
        return get_json(client, LIMITS_PATH.format(version=api_version))


def _object_pages(access_token: str, instance_url: str, object_name: str, since: datetime | None,
                  api_version: str, page_size: int) -> Iterator[pa.Table]:
    # Handed to dlt as a generator object, so the token never becomes a resource argument dlt could show.
    with api_client(access_token, instance_url) as client:
        fields = describe_fields(client, api_version, object_name)
        cursor = cursor_field(fields, object_name)
        soql = build_soql(object_name, fields, cursor, since)
        for records in query_all_pages(client, api_version, soql, page_size):
            if records:
                yield page_table(records, cursor)


def _check_api_version(api_version: str) -> None:
    if not re.fullmatch(API_VERSION_PATTERN, api_version):
        raise ValueError(f"api_version looks like 'v60.0', not {api_version!r}")


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    """The registry's entry point; ``base_url`` is the org's instance URL."""
    return salesforce_source(access_token=credentials["access_token"], instance_url=base_url, objects=objects,
                             modified_since=modified_since)
