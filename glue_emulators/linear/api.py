"""Linear's GraphQL endpoint, ``POST /graphql`` (https://linear.app/developers/graphql), for the subset of
queries in graphql.py: the list connections ``issues``, ``comments``, ``projects``, ``teams`` and ``users``,
and ``viewer`` (the user the token belongs to, with its ``organization``).

A connection takes ``first`` (50 when absent, at most 250), ``after`` (an ``endCursor``), ``orderBy``
(``createdAt``, the default, or ``updatedAt``), ``includeArchived`` (archived records are left out unless
true) and ``filter: {updatedAt: {gte|gt: <ISO time>}}``; it answers ``nodes`` and/or ``edges {node cursor}``
and ``pageInfo {hasNextPage endCursor hasPreviousPage startCursor}``. Cursors are opaque to clients. Only
the selected fields are answered; a field the type lacks is a validation error, as on Linear.

Errors are GraphQL's ``{"errors": [{"message", "extensions": {"code"}}]}``: HTTP 400 for a query Linear
would refuse (syntax, validation, a spent allowance: ``RATELIMITED``), 401 without a valid token.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime, timedelta, timezone

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.dataset import Dataset, ObjectStore, Record
from glue_emulators.linear.graphql import Field, GraphQLSyntaxError, parse
from glue_emulators.linear.limits import MAX_QUERY_COMPLEXITY, HourlyAllowances, complexity
from glue_emulators.linear.render import OBJECTS, ORGANIZATION_ID, Renderer, timestamp
from glue_emulators.oauth import OAuthServer

MAX_PAGE = 250
DEFAULT_PAGE = 50
TYPE_NAMES = {"issues": "Issue", "comments": "Comment", "projects": "Project", "teams": "Team", "users": "User"}
PAGE_INFO = ("hasNextPage", "hasPreviousPage", "startCursor", "endCursor")


class QueryError(Exception):
    def __init__(self, message: str, code: str = "GRAPHQL_VALIDATION_FAILED"):
        super().__init__(message)
        self.code = code


def is_api_path(path: str) -> bool:
    return path == "/graphql"


def errors(status_code: int, message: str, code: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status_code,
                        headers=headers)


def token_of(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def api_routes(dataset: Dataset, oauth: OAuthServer, render: Renderer, allowances: HourlyAllowances) -> list[Route]:
    async def graphql(request: Request) -> Response:
        token = token_of(request)
        if token is None or oauth.grant_for(token) is None:
            return errors(401, "Authentication required, not authenticated", "AUTHENTICATION_ERROR")
        try:
            body = await request.json()
        except (ValueError, UnicodeDecodeError):
            return errors(400, "Body is not valid JSON", "BAD_USER_INPUT")
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return errors(400, "POST body must name a query", "BAD_USER_INPUT")
        variables = body.get("variables") or {}
        try:
            fields = parse(body["query"], variables if isinstance(variables, dict) else {})
        except GraphQLSyntaxError as exc:
            return errors(400, str(exc), "GRAPHQL_PARSE_FAILED")
        cost = complexity(fields)
        if cost > MAX_QUERY_COMPLEXITY:
            return errors(400, f"Query too complex: {cost} points, at most {MAX_QUERY_COMPLEXITY}", "RATELIMITED")
        usage = allowances.take(token, cost)
        if not usage.allowed:
            return errors(400, "Rate limit exceeded", "RATELIMITED", usage.headers)
        try:
            data = {field.alias: answer(field) for field in fields}
        except QueryError as exc:
            return errors(400, str(exc), exc.code, usage.headers)
        return JSONResponse({"data": data}, headers=usage.headers)

    def answer(field: Field):
        if field.name in OBJECTS:
            return connection(field.name, field)
        if field.name == "viewer":
            store = dataset["users"]
            if store.count == 0:
                raise QueryError("No user", "FORBIDDEN")
            return project(viewer(store), field.selections, "User")
        raise QueryError(f'Cannot query field "{field.name}" on type "Query".')

    def viewer(store: ObjectStore) -> dict:
        return {**render("users", store.record(0)),
                "organization": {"id": ORGANIZATION_ID, "name": "Acme", "urlKey": "acme"}}

    def connection(object_name: str, field: Field) -> dict:
        args = field.arguments
        unknown = set(args) - {"first", "after", "orderBy", "includeArchived", "filter"}
        if unknown:
            raise QueryError(f'Unknown argument "{sorted(unknown)[0]}" on field "Query.{object_name}".')
        first = args.get("first")
        first = DEFAULT_PAGE if first is None else first
        if not isinstance(first, int) or first < 1 or first > MAX_PAGE:
            raise QueryError(f"first must be between 1 and {MAX_PAGE}", "INVALID_INPUT")
        order = args.get("orderBy") or "createdAt"
        if order not in ("createdAt", "updatedAt"):
            raise QueryError(f'Value "{order}" does not exist in "PaginationOrderBy" enum.')
        since = updated_since(args.get("filter"))
        archived = args.get("includeArchived") is True
        position = decode_cursor(args.get("after"), order)
        size = dataset.page_size(object_name, first)
        store = dataset[object_name]
        if order == "updatedAt":
            records = store.modified_between(since, None, position, size + 1, include_deleted=archived)
        else:
            records = by_creation(store, position, size + 1, since, archived)
        page, more = records[:size], len(records) > size
        cursors = [encode_cursor(order, record) for record in page]
        type_name = TYPE_NAMES[object_name]
        out = {}
        for part in field.selections:
            if part.name == "nodes":
                out[part.alias] = [project(render(object_name, r), part.selections, type_name) for r in page]
            elif part.name == "edges":
                out[part.alias] = [edge(render(object_name, r), cursor, part.selections, type_name)
                                   for r, cursor in zip(page, cursors)]
            elif part.name == "pageInfo":
                info = {"hasNextPage": more, "hasPreviousPage": position is not None,
                        "startCursor": cursors[0] if cursors else None, "endCursor": cursors[-1] if cursors else None}
                out[part.alias] = project(info, part.selections, "PageInfo")
            else:
                raise QueryError(f'Cannot query field "{part.name}" on type "{type_name}Connection".')
        return out

    return [Route("/graphql", graphql, methods=["POST"])]


def edge(record: dict, cursor: str, selections: list[Field], type_name: str) -> dict:
    out = {}
    for part in selections:
        if part.name == "node":
            out[part.alias] = project(record, part.selections, type_name)
        elif part.name == "cursor":
            out[part.alias] = cursor
        else:
            raise QueryError(f'Cannot query field "{part.name}" on type "{type_name}Edge".')
    return out


def project(record: dict, selections: list[Field], type_name: str) -> dict:
    """The selected fields of a record; an object field answers its own selection (null stays null)."""
    out = {}
    for part in selections:
        if part.name == "__typename":
            out[part.alias] = type_name
            continue
        if part.name not in record:
            raise QueryError(f'Cannot query field "{part.name}" on type "{type_name}".')
        value = record[part.name]
        if isinstance(value, dict):
            if not part.selections:
                raise QueryError(f'Field "{part.name}" of type "{type_name}" must have a selection of subfields.')
            value = project(value, part.selections, part.name[:1].upper() + part.name[1:])
        elif part.selections:
            if value is not None:
                raise QueryError(f'Field "{part.name}" must not have a selection since it is a scalar.')
        out[part.alias] = value
    return out


def updated_since(filter_value) -> datetime | None:
    """``{updatedAt: {gte: t}}`` or ``{updatedAt: {gt: t}}``; other filters are outside the subset."""
    if filter_value is None:
        return None
    if not isinstance(filter_value, dict) or set(filter_value) - {"updatedAt"}:
        raise QueryError("This emulator filters on updatedAt only", "INVALID_INPUT")
    comparators = filter_value.get("updatedAt") or {}
    if not isinstance(comparators, dict) or len(comparators) != 1 or set(comparators) - {"gte", "gt"}:
        raise QueryError("updatedAt takes one comparator here: gte or gt", "INVALID_INPUT")
    (operator, value), = comparators.items()
    if value is None:
        return None
    try:
        at = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise QueryError(f"Invalid DateTime: {value!r}", "INVALID_INPUT") from None
    at = at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)
    return at + timedelta(milliseconds=1) if operator == "gt" else at  # times are whole milliseconds


def by_creation(store: ObjectStore, position, limit: int, since: datetime | None, archived: bool) -> list[Record]:
    """Records in creation (index) order; walks the indices, which is enough for an emulator's sizes."""
    found, index = [], (position[1] if position else -1) + 1
    while index < store.count and len(found) < limit:
        record = store.record(index)
        if (archived or not record.deleted) and (since is None or record.modified_at >= since):
            found.append(record)
        index += 1
    return found


def encode_cursor(order: str, record: Record) -> str:
    key = timestamp(record.modified_at if order == "updatedAt" else record.created_at)
    return base64.urlsafe_b64encode(json.dumps([order, key, record.index]).encode()).decode().rstrip("=")


def decode_cursor(cursor, order: str):
    """(time, index) after which the page starts, or None; a cursor from another ordering is refused."""
    if cursor is None:
        return None
    try:
        kind, key, index = json.loads(base64.urlsafe_b64decode(str(cursor) + "=" * (-len(str(cursor)) % 4)))
        at = datetime.fromisoformat(key.replace("Z", "+00:00"))
    except (ValueError, TypeError, binascii.Error, AttributeError):
        raise QueryError("Invalid cursor", "INVALID_INPUT") from None
    if kind != order or not isinstance(index, int):
        raise QueryError("The cursor belongs to another ordering", "INVALID_INPUT")
    return (at, index)
