"""Linear source: issues, comments, projects, teams and users, from Linear's GraphQL API
(https://linear.app/developers/graphql, one endpoint: ``POST https://api.linear.app/graphql``).

Every object is a Relay connection read ``first: 100`` at a time with ``after: <endCursor>`` until
``pageInfo.hasNextPage`` is false, ordered by ``updatedAt`` and, for an incremental read, filtered with
``filter: {updatedAt: {gte: <modified_since>}}``. ``includeArchived: true`` brings archived records too:
Linear archives what is deleted (issues go to the trash, ``trashed: true``), so a record with ``archivedAt``
lands flagged deleted, in incremental reads as well. Allowances (requests and complexity points an hour) are
respected by the client (client.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone

import dlt
import pyarrow as pa
from dlt.extract.resource import DltResource

from glue_providers.http import ProviderError
from glue_providers.linear.source.client import open_client, query
from glue_providers.records import records_table

DEFAULT_BASE_URL = "https://api.linear.app"
PAGE_SIZE = 100
TIMES = "createdAt updatedAt archivedAt"
FIELDS = {
    "issues": ("IssueFilter", f"id identifier number title description priority priorityLabel estimate url trashed "
                              f"{TIMES} state {{ name type }} team {{ id }} assignee {{ id }} project {{ id }}"),
    "comments": ("CommentFilter", f"id body url {TIMES} issue {{ id }} user {{ id }}"),
    "projects": ("ProjectFilter", f"id name slugId description state progress url {TIMES} lead {{ id }}"),
    "teams": ("TeamFilter", f"id name key description private {TIMES}"),
    "users": ("UserFilter", f"id name displayName email active admin guest {TIMES}"),
}
OBJECTS = tuple(FIELDS)


def list_query(object_name: str) -> str:
    filter_type, fields = FIELDS[object_name]
    return (f"query List($first: Int!, $after: String, $filter: {filter_type}) {{ {object_name}(first: $first, "
            f"after: $after, filter: $filter, orderBy: updatedAt, includeArchived: true) {{ nodes {{ {fields} }} "
            f"pageInfo {{ hasNextPage endCursor }} }} }}")


@dlt.source(name="linear", max_table_nesting=0)
def linear_source(access_token: str, base_url: str = DEFAULT_BASE_URL, objects: Sequence[str] = OBJECTS,
                  modified_since: Mapping[str, datetime | None] | None = None) -> list[DltResource]:
    """One resource per object; ``modified_since[object]`` None (or absent) reads it in full."""
    unknown = [name for name in objects if name not in OBJECTS]
    if unknown:
        raise ValueError(f"Linear has no object(s) {', '.join(unknown)}; known: {', '.join(OBJECTS)}")
    since = dict(modified_since or {})

    def reader(name: str):
        def pages() -> Iterator[pa.Table]:
            with open_client(access_token, base_url) as client:
                yield from connection_pages(lambda text, variables: query(client, text, variables), name,
                                            since.get(name))
        return pages

    return [dlt.resource(reader(name), name=name, primary_key="id", write_disposition="merge") for name in objects]


def build_source(credentials: dict, base_url: str, objects: list[str], modified_since: dict, options: dict):
    return linear_source(credentials["access_token"], base_url, objects, modified_since)


def connection_pages(run, object_name: str, since: datetime | None) -> Iterator[pa.Table]:
    """Every page of a connection, following ``endCursor``; ``run(query, variables)`` answers ``data``."""
    text = list_query(object_name)
    variables = {"first": PAGE_SIZE, "after": None,
                 "filter": {"updatedAt": {"gte": _iso(since)}} if since is not None else None}
    while True:
        connection = run(text, variables).get(object_name) or {}
        nodes = connection.get("nodes") or []
        if nodes:
            yield records_table((n["id"], _time(n.get("updatedAt")), n.get("archivedAt") is not None, n)
                                for n in nodes)
        info = connection.get("pageInfo") or {}
        if not info.get("hasNextPage"):
            return
        cursor = info.get("endCursor")
        if not cursor or cursor == variables["after"]:
            raise ProviderError(200, f"Linear's {object_name} page named no new endCursor")
        variables = {**variables, "after": cursor}


def _iso(at: datetime) -> str:
    at = at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)
    return at.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _time(value) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else datetime(1970, 1, 1, tzinfo=timezone.utc)
