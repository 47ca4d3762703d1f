"""The slice of Outreach's API v2 the source reads (JSON:API, https://developers.outreach.io/api/).

- ``GET /api/v2/{type}`` (prospects, accounts, users, sequences, sequenceStates, mailboxes,
  sequenceSteps): ``page[size]`` 1..1000 (default 50), cursor pages through ``links.next``
  (a URL carrying an opaque ``page[after]``), ``sort`` = ``id`` (default) or ``updatedAt``
  (ascending; ``-`` descending is refused here), ``filter[updatedAt]=<from>..<to>``, a range
  inclusive at both ends where ``neginf``/``inf`` leave a side open, ``count=true`` adds
  ``meta.count``. Deleted records are gone from the lists.
- ``GET /api/v2/{type}/{id}``: one record.
- ``GET /api/v2``: the API root; ``meta.user`` names the user the token acts for.

Every call needs ``Authorization: Bearer <access token>``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.dataset import Dataset, ObjectStore, Record
from glue_emulators.oauth import OAuthServer
from glue_emulators.outreach import errors
from glue_emulators.outreach.render import TYPES, Renderer, iso

PREFIX = "/api/v2"
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 50
SORTS = ("id", "updatedAt")
CHUNK = 500


class BadRequest(ValueError):
    def __init__(self, error_id: str, detail: str):
        super().__init__(detail)
        self.error_id = error_id


def is_api_path(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def api_routes(dataset: Dataset, oauth: OAuthServer, authorizing_user: int) -> list[Route]:
    render = Renderer(dataset)

    def authorized(request: Request) -> bool:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and oauth.grant_for(token.strip()) is not None

    async def listing(request: Request) -> Response:
        if not authorized(request):
            return errors.unauthorized()
        object_name = request.url.path.rsplit("/", 1)[-1]
        store = dataset[object_name]
        try:
            query = _Query.parse(request.query_params)
            size = dataset.page_size(object_name, query.size)
            records, more = _page(store, query, size)
        except BadRequest as exc:
            return errors.bad_request(exc.error_id, str(exc))
        body: dict = {"data": [render(object_name, r) for r in records],
                      "links": {"first": _url(request, query.params(None))}}
        if more:
            body["links"]["next"] = _url(request, query.params(_encode_after(query.sort, records[-1])))
        if query.count:
            body["meta"] = {"count": sum(1 for _ in _matching(store, query, None))}
        return JSONResponse(body, media_type=errors.MEDIA_TYPE)

    async def item(request: Request) -> Response:
        if not authorized(request):
            return errors.unauthorized()
        store = dataset[request.url.path.split("/")[-2]]
        raw_id = request.path_params["id"]
        index = int(raw_id) - 1 if raw_id.isdigit() else -1
        if not store.exists(index) or store.record(index).deleted:
            return errors.not_found()
        return JSONResponse({"data": render(store.name, store.record(index))}, media_type=errors.MEDIA_TYPE)

    async def root(request: Request) -> Response:
        if not authorized(request):
            return errors.unauthorized()
        meta = {"api": {"major": 2, "minor": 0}}
        users = dataset.objects.get("users")
        if users is not None and users.exists(authorizing_user - 1):
            meta["user"] = {"id": authorizing_user, **render("users", users.record(authorizing_user - 1))["attributes"]}
        return JSONResponse({"meta": meta}, media_type=errors.MEDIA_TYPE)

    routes = [Route(PREFIX, root, methods=["GET"])]
    for name in dataset.objects:
        if name in TYPES:
            routes.append(Route(f"{PREFIX}/{name}", listing, methods=["GET"]))
            routes.append(Route(f"{PREFIX}/{name}/{{id}}", item, methods=["GET"]))
    return routes


class _Query:
    """A list request's paging, sort, updatedAt range and count."""

    def __init__(self, size: int, after: str | None, sort: str, since: datetime | None, until: datetime | None,
                 count: bool, raw_filter: str | None):
        self.size, self.after, self.sort = size, after, sort
        self.since, self.until, self.count, self.raw_filter = since, until, count, raw_filter

    @classmethod
    def parse(cls, params) -> _Query:
        unknown = [key for key in params if key.startswith("filter[") and key != "filter[updatedAt]"]
        if unknown:
            raise BadRequest("invalidFilter", f"{unknown[0]} is not a filter this emulator serves")
        size_text = params.get("page[size]", str(DEFAULT_PAGE_SIZE))
        if not size_text.isdigit() or not 1 <= int(size_text) <= MAX_PAGE_SIZE:
            raise BadRequest("invalidPageSize", f"page[size] must be an integer from 1 to {MAX_PAGE_SIZE}")
        sort = params.get("sort", "id")
        if sort not in SORTS:
            raise BadRequest("invalidSort", f"sort must be one of {', '.join(SORTS)} (ascending)")
        raw_filter = params.get("filter[updatedAt]")
        since, until = _range(raw_filter) if raw_filter is not None else (None, None)
        after = params.get("page[after]")
        if after is not None:
            _decode_after(after, sort)  # refuse a cursor of another sort before serving anything
        return cls(int(size_text), after, sort, since, until, params.get("count") == "true", raw_filter)

    def params(self, after: str | None) -> dict:
        params = {"page[size]": self.size, "sort": self.sort}
        if self.raw_filter is not None:
            params["filter[updatedAt]"] = self.raw_filter
        if self.count:
            params["count"] = "true"
        if after is not None:
            params["page[after]"] = after
        return params


def _page(store: ObjectStore, query: _Query, size: int) -> tuple[list[Record], bool]:
    after = _decode_after(query.after, query.sort) if query.after else None
    found: list[Record] = []
    for record in _matching(store, query, after):
        found.append(record)
        if len(found) > size:
            break
    return found[:size], len(found) > size


def _matching(store: ObjectStore, query: _Query, after: tuple | None) -> Iterator[Record]:
    # The range is inclusive at both ends; the store's upper bound is exclusive, and times are milliseconds.
    until = query.until + timedelta(milliseconds=1) if query.until is not None else None
    if query.sort == "updatedAt":
        position = after
        while True:
            chunk = store.modified_between(query.since, until, position, CHUNK)
            yield from chunk
            if len(chunk) < CHUNK:
                return
            position = (chunk[-1].modified_at, chunk[-1].index)
    last = after[0] if after else -1
    while True:
        chunk = store.by_index(last, CHUNK)
        for record in chunk:
            if (query.since is None or record.modified_at >= query.since) and (until is None or record.modified_at < until):
                yield record
        if len(chunk) < CHUNK:
            return
        last = chunk[-1].index


def _range(text: str) -> tuple[datetime | None, datetime | None]:
    start, separator, end = text.partition("..")
    if not separator:
        raise BadRequest("invalidFilter", "filter[updatedAt] must be a range <from>..<to> (neginf and inf allowed)")
    return _bound(start, "neginf"), _bound(end, "inf")


def _bound(text: str, open_word: str) -> datetime | None:
    if text in ("", open_word):
        return None
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest("invalidFilter", f"{text!r} is not an ISO 8601 date-time") from None
    if at.tzinfo is None:
        raise BadRequest("invalidFilter", f"{text!r} must carry a time zone, e.g. 2024-01-01T00:00:00.000Z")
    return at


def _encode_after(sort: str, record: Record) -> str:
    position = {"s": sort, "i": record.index}
    if sort == "updatedAt":
        position["u"] = iso(record.modified_at)
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")


def _decode_after(cursor: str, sort: str) -> tuple:
    try:
        position = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if position["s"] != sort:
            raise BadRequest("invalidCursor", "page[after] was issued for another sort")
        if sort == "updatedAt":
            return datetime.fromisoformat(position["u"].replace("Z", "+00:00")), int(position["i"])
        return (int(position["i"]),)
    except (ValueError, KeyError, TypeError) as exc:
        if isinstance(exc, BadRequest):
            raise
        raise BadRequest("invalidCursor", "page[after] is not a cursor this API issued") from None


def _url(request: Request, params: dict) -> str:
    return f"{request.url.scheme}://{request.url.netloc}{request.url.path}?{urlencode(params)}"
