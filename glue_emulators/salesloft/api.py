"""The slice of Salesloft's v2 API a sync reads (https://developers.salesloft.com/docs/api).

- ``GET /v2/{people|accounts|users|cadences|cadence_memberships}`` (``.json`` too): ``page`` (from 1) and
  ``per_page`` (1-100, default 25); ``sort_by`` (``updated_at`` by default, ``created_at``, ``id``) and
  ``sort_direction`` (``DESC`` by default, ``ASC``); ``updated_at[gt|gte|lt|lte]`` (ISO 8601, microsecond
  precision) on every list but users, which Salesloft cannot filter by time (the filter is ignored, as
  Salesloft ignores parameters a list does not take). The answer is ``{"metadata": {"filtering", "paging":
  {"per_page", "current_page", "next_page", "prev_page"}, "sorting"}, "data": [...]}``; with
  ``include_paging_counts=true`` paging also says ``total_pages`` and ``total_count``.
- ``GET /v2/{object}/{id}``: one record, ``{"data": {...}}``.
- ``GET /v2/me``: the user the token acts for; ``GET /v2/team``: the team.
- ``GET /v2/custom_fields?field_type=person|company``: the team's custom fields.

Every call needs ``Authorization: Bearer <access token>``. Errors are ``{"status": n, "error": "..."}``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.dataset import Dataset, ObjectStore, Record
from glue_emulators.oauth import OAuthServer
from glue_emulators.salesloft.records import (
    CUSTOM_FIELDS, MICROSECOND, OBJECTS, TEAM_ID, coarse, floor_time, remote_id, render,
)

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25
TIME_FILTERED = frozenset(OBJECTS) - {"users"}
SORT_FIELDS = ("updated_at", "created_at", "id")


class BadRequest(ValueError):
    pass


def is_api_path(path: str) -> bool:
    return path.startswith("/v2/")


def error(status_code: int, message: str) -> JSONResponse:
    return JSONResponse({"status": status_code, "error": message}, status_code=status_code)


def unauthorized() -> JSONResponse:
    return error(401, "Unauthorized: the access token is missing, invalid or expired")


def api_routes(dataset: Dataset, oauth: OAuthServer, resolution: timedelta = MICROSECOND) -> list[Route]:
    """``resolution``: how finely record times are kept (Salesloft: microseconds; coarser in tests of ties)."""
    pages = PageCache()

    def shown(object_name: str, record: Record) -> dict:
        return render(object_name, coarse(record, resolution))

    def authorized(request: Request) -> bool:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and oauth.grant_for(token.strip()) is not None

    def listing(object_name: str):
        async def answer(request: Request) -> Response:
            if not authorized(request):
                return unauthorized()
            try:
                return JSONResponse(list_answer(dataset, object_name, request.query_params, pages, resolution))
            except BadRequest as exc:
                return error(422, str(exc))

        return answer

    def reading(object_name: str):
        async def answer(request: Request) -> Response:
            if not authorized(request):
                return unauthorized()
            store = dataset[object_name]
            index = _index_of(object_name, request.path_params["id"].removesuffix(".json"))
            if index is None or not store.exists(index) or index in store._deleted:
                return error(404, "Not Found")
            return JSONResponse({"data": shown(object_name, store.record(index))})

        return answer

    async def me(request: Request) -> Response:
        if not authorized(request):
            return unauthorized()
        users = dataset["users"]
        first = users.by_index(-1, 1)
        if not first:
            return error(404, "Not Found")
        return JSONResponse({"data": shown("users", first[0])})

    async def team(request: Request) -> Response:
        if not authorized(request):
            return unauthorized()
        return JSONResponse({"data": {"id": TEAM_ID, "name": "Acme Sales", "license_limit": 50,
                                      "created_at": "2023-01-05T10:00:00.000000+00:00",
                                      "updated_at": "2024-01-01T00:00:00.000000+00:00"}})

    async def custom_fields(request: Request) -> Response:
        if not authorized(request):
            return unauthorized()
        wanted = request.query_params.get("field_type")
        found = [{"id": field_id, "created_at": "2023-06-01T09:00:00.000000+00:00",
                  "updated_at": "2023-06-01T09:00:00.000000+00:00", "name": name, "field_type": field_type,
                  "value_type": "text"}
                 for field_id, name, field_type in CUSTOM_FIELDS if wanted in (None, field_type)]
        paging = {"per_page": MAX_PER_PAGE, "current_page": 1, "next_page": None, "prev_page": None}
        return JSONResponse({"metadata": {"filtering": {}, "paging": paging, "sorting": {}}, "data": found})

    routes = []
    for name in OBJECTS:
        routes += [Route(f"/v2/{name}", listing(name), methods=["GET"]),
                   Route(f"/v2/{name}.json", listing(name), methods=["GET"]),
                   Route(f"/v2/{name}/{{id}}", reading(name), methods=["GET"])]
    for path, endpoint in (("/v2/me", me), ("/v2/team", team), ("/v2/custom_fields", custom_fields)):
        routes += [Route(path, endpoint, methods=["GET"]), Route(path + ".json", endpoint, methods=["GET"])]
    return routes


def list_answer(dataset: Dataset, object_name: str, query, pages: PageCache,
                resolution: timedelta = MICROSECOND) -> dict:
    per_page = _whole(query.get("per_page"), DEFAULT_PER_PAGE, "per_page")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise BadRequest(f"per_page must be between 1 and {MAX_PER_PAGE}")
    page = _whole(query.get("page"), 1, "page")
    if page < 1:
        raise BadRequest("page must be 1 or more")
    sort_by = query.get("sort_by", "updated_at")
    direction = query.get("sort_direction", "DESC").upper()
    if sort_by not in SORT_FIELDS or direction not in ("ASC", "DESC"):
        raise BadRequest(f"sort_by must be one of {', '.join(SORT_FIELDS)} and sort_direction ASC or DESC")
    since, until, filtering = _time_window(query, resolution) if object_name in TIME_FILTERED else (None, None, {})
    store = dataset[object_name]
    size = dataset.page_size(object_name, per_page)
    if sort_by == "updated_at" and direction == "ASC":
        records, more = pages.page(store, since, until, page, size)
    else:
        every = sorted(store.modified_between(since, until, None, store.count + 1),
                       key=lambda r: _sort_key(object_name, r, sort_by), reverse=direction == "DESC")
        start = (page - 1) * size
        records, more = every[start:start + size], len(every) > start + size
    paging: dict[str, Any] = {"per_page": size, "current_page": page, "next_page": page + 1 if more else None,
                              "prev_page": page - 1 if page > 1 else None}
    if query.get("include_paging_counts") == "true":
        total = len(store.modified_between(since, until, None, store.count + 1))
        paging |= {"total_pages": -(-total // size), "total_count": total}
    return {"metadata": {"filtering": filtering, "paging": paging,
                         "sorting": {"sort_by": sort_by, "sort_direction": direction}},
            "data": [render(object_name, coarse(record, resolution)) for record in records]}


class PageCache:
    """Where each page of an ascending ``updated_at`` list ended, so the next page starts there instead of
    walking every record before it (a 60,000-record list is read 100 records at a time)."""

    def __init__(self, size: int = 256):
        self.size = size
        self._ends: dict[tuple, tuple[datetime, int]] = {}

    def page(self, store: ObjectStore, since, until, page: int, size: int) -> tuple[list[Record], bool]:
        version = _version(store)
        previous = self._ends.get((store.name, version, since, until, size, page - 1))
        if page == 1 or previous is not None:
            found = store.modified_between(since, until, previous, size + 1)
        else:
            found = store.modified_between(since, until, None, page * size + 1)[(page - 1) * size:]
        records, more = found[:size], len(found) > size
        if records:
            if len(self._ends) >= self.size:
                self._ends.pop(next(iter(self._ends)))
            self._ends[(store.name, version, since, until, size, page)] = (records[-1].modified_at, records[-1].index)
        return records, more


def _version(store: ObjectStore) -> tuple:
    """Changes to a store move its last change's time forward: any change gives another version."""
    changes = store._sorted_changes()
    return store.count, len(store._deleted), changes[-1] if changes else None


def _time_window(query, resolution: timedelta) -> tuple[datetime | None, datetime | None, dict]:
    """updated_at[gt|gte|lt|lte] as [since, until) on the stored times, which are shown cut to ``resolution``."""
    since = until = None
    filtering = {}
    for operator in ("gt", "gte", "lt", "lte"):
        text = query.get(f"updated_at[{operator}]")
        if text is None:
            continue
        try:
            at = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "+"))
        except ValueError:
            raise BadRequest(f"updated_at[{operator}] must be an ISO 8601 time") from None
        if at.tzinfo is None:
            raise BadRequest(f"updated_at[{operator}] must name its offset")
        filtering[f"updated_at[{operator}]"] = text
        floor = floor_time(at, resolution)
        ceiling = floor if floor == at else floor + resolution
        # shown > at: stored at or after the next step; shown >= at: at or after at's ceiling; and so on.
        low = floor + resolution if operator == "gt" else ceiling if operator == "gte" else None
        high = ceiling if operator == "lt" else floor + resolution if operator == "lte" else None
        if low is not None:
            since = low if since is None else max(since, low)
        if high is not None:
            until = high if until is None else min(until, high)
    return since, until, filtering


def _sort_key(object_name: str, record: Record, sort_by: str):
    if sort_by == "id":
        return remote_id(object_name, record.index)
    at = record.created_at if sort_by == "created_at" else record.modified_at
    return at, record.index


def _whole(value: str | None, default: int, name: str) -> int:
    if value is None:
        return default
    if not value.strip().lstrip("-").isdigit():
        raise BadRequest(f"{name} must be a whole number")
    return int(value)


def _index_of(object_name: str, text: str) -> int | None:
    if not text.isdigit():
        return None
    return int(text) - remote_id(object_name, 0)

