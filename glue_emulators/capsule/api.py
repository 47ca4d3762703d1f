"""The slice of Capsule's API v2 that Glue reads (https://developer.capsulecrm.com/v2/), under ``/api/v2``.

- ``GET /parties`` and ``GET /opportunities``: pages by ``page`` (1-based) and ``perPage`` (default 50,
  at most 100), in id order; ``since`` (ISO 8601) keeps records updated at or after it; ``embed=fields``
  adds each record's custom field values. The answer is ``{"parties": [...]}`` (or
  ``{"opportunities": [...]}``) with a ``Link`` header naming the next page (``rel="next"``), absent on
  the last page.
- ``GET /parties/deleted?since=`` and ``GET /opportunities/deleted?since=`` (``since`` required): what was
  deleted since then, ``[{"id", "deletedAt"}]``, paged the same way.
- ``GET /users`` (every user, one answer), ``GET /users/current`` (who the token acts for),
  ``GET /milestones``, ``GET /{parties|opportunities}/fields/definitions`` (custom fields).
- ``GET /{parties|opportunities}/{id}``: ``{"party": ...}`` / ``{"opportunity": ...}``.
- Errors: ``{"message": ..., "errors": [{"message": ...}]}``; a bad parameter is 400.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.capsule import render as capsule
from glue_emulators.dataset import Dataset, Record
from glue_emulators.profile import Errors
from glue_emulators.wire import aware_time

PREFIX = "/api/v2"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
SINGULAR = {"parties": "party", "opportunities": "opportunity"}


def error_body(status_code: int, message: str) -> dict:
    return {"message": message, "errors": [{"message": message}]}


CAPSULE_ERRORS = Errors(
    body=error_body,
    unauthorized="authentication failed: invalid or expired access token",
    not_found="could not find resource",
    method_not_allowed="method {method} not allowed",
    rate_limited="rate limit exceeded",
    server_error="an unexpected error occurred",
)


class BadParam(ValueError):
    pass


def is_api_path(path: str) -> bool:
    return path.startswith(PREFIX + "/")


def api_routes(dataset: Dataset) -> list[Route]:
    async def listing(request: Request) -> Response:
        entity = request.url.path.removeprefix(PREFIX + "/")
        try:
            page, per_page = _paging(request)
            since = _since(request.query_params.get("since"), required=False)
            embed = set(filter(None, request.query_params.get("embed", "").split(",")))
        except BadParam as exc:
            return CAPSULE_ERRORS.answer(400, str(exc))
        store = dataset[entity]
        records = [r for r in store.by_index(-1, store.count) if since is None or r.modified_at >= since]
        size = dataset.page_size(entity, per_page)
        chunk = records[(page - 1) * size: page * size]
        shown = [capsule.RENDERERS[entity](r, with_fields="fields" in embed) for r in chunk]
        return _paged({entity: shown}, request, page, page * size < len(records))

    async def deleted(request: Request) -> Response:
        entity = request.url.path.removeprefix(PREFIX + "/").removesuffix("/deleted")
        try:
            page, per_page = _paging(request)
            since = _since(request.query_params.get("since"), required=True)
        except BadParam as exc:
            return CAPSULE_ERRORS.answer(400, str(exc))
        store = dataset[entity]
        gone = [r for r in store.by_index(-1, store.count, deleted=True) if r.modified_at >= since]
        size = dataset.page_size(entity, per_page)
        chunk = gone[(page - 1) * size: page * size]
        shown = [{"id": int(capsule.remote_id(entity, r.index)), "deletedAt": capsule.capsule_time(r.modified_at)}
                 for r in chunk]
        return _paged({entity: shown}, request, page, page * size < len(gone))

    async def one(request: Request) -> Response:
        entity = request.url.path.removeprefix(PREFIX + "/").split("/")[0]
        record = _record(dataset, entity, request.path_params["id"])
        if record is None:
            return CAPSULE_ERRORS.answer(404, CAPSULE_ERRORS.not_found)
        return JSONResponse({SINGULAR[entity]: capsule.RENDERERS[entity](record)})

    async def users(request: Request) -> Response:
        store = dataset["users"]
        return JSONResponse({"users": [capsule.user(r) for r in store.by_index(-1, store.count)]})

    async def current_user(request: Request) -> Response:
        return JSONResponse({"user": capsule.user(dataset["users"].record(0))})

    async def milestones(request: Request) -> Response:
        return JSONResponse({"milestones": capsule.milestones()})

    async def definitions(request: Request) -> Response:
        entity = request.url.path.removeprefix(PREFIX + "/").split("/")[0]
        return JSONResponse({"definitions": capsule.definitions(entity)})

    routes = [Route(f"{PREFIX}/users", users, methods=["GET"]),
              Route(f"{PREFIX}/users/current", current_user, methods=["GET"]),
              Route(f"{PREFIX}/milestones", milestones, methods=["GET"])]
    for entity in SINGULAR:
        routes += [Route(f"{PREFIX}/{entity}", listing, methods=["GET"]),
                   Route(f"{PREFIX}/{entity}/deleted", deleted, methods=["GET"]),
                   Route(f"{PREFIX}/{entity}/fields/definitions", definitions, methods=["GET"]),
                   Route(f"{PREFIX}/{entity}/{{id:int}}", one, methods=["GET"])]
    return routes


def _record(dataset: Dataset, entity: str, raw_id: int) -> Record | None:
    store = dataset[entity]
    index = int(raw_id) - int(capsule.remote_id(entity, 0))
    if not store.exists(index) or store.record(index).deleted:
        return None
    return store.record(index)


def _paging(request: Request) -> tuple[int, int]:
    query = request.query_params
    try:
        page = int(query.get("page", "1"))
        per_page = int(query.get("perPage", str(DEFAULT_PER_PAGE)))
    except ValueError:
        raise BadParam("page and perPage must be integers") from None
    if page < 1:
        raise BadParam("page must be 1 or more")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise BadParam(f"perPage must be between 1 and {MAX_PER_PAGE}")
    return page, per_page


def _since(value: str | None, *, required: bool) -> datetime | None:
    if value is None:
        if required:
            raise BadParam("since is required")
        return None
    return aware_time(value, lambda: BadParam(f"since is not an ISO 8601 date: {value}"),
                      lambda: BadParam("since must carry a time zone, e.g. 2024-01-01T00:00:00Z"))


def _paged(body: dict, request: Request, page: int, more: bool) -> JSONResponse:
    headers = {}
    if more:
        query = {**dict(request.query_params), "page": page + 1}
        url = f"{request.url.scheme}://{request.url.netloc}{request.url.path}?{urlencode(query)}"
        headers["Link"] = f'<{url}>; rel="next"'
    return JSONResponse(body, headers=headers)
