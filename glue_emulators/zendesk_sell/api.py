"""The slice of Zendesk Sell's Core API v2 that Glue reads (https://developer.zendesk.com/api-reference/sales-crm/).

- ``GET /v2/{contacts|leads|deals|users}``: pages by ``page`` (1-based) and ``per_page`` (default
  25, at most 100); ``sort_by=<field>[:asc|:desc]`` on ``id``, ``created_at`` or ``updated_at``
  (default ``id``); contacts filter on ``is_organization``. The answer is
  ``{"items": [{"data": record, "meta": {"version", "type"}}], "meta": {"type": "collection",
  "count", "links": {"self", "first_page", "prev_page"?, "next_page"?}}}``; ``next_page`` is
  absent on the last page. There is no filter on when a record changed, and deleted records are
  gone from the lists.
- ``GET /v2/{object}/{id}``, ``GET /v2/users/self`` (who the token acts for): ``{"data", "meta"}``.
- ``GET /v2/stages``: the pipeline's stages with their ``category`` (incoming, in_progress, won,
  lost, unqualified); ``GET /v2/{contact|lead|deal}/custom_fields``: the custom fields defined.
- Errors: ``{"errors": [{"error": {"code", "message", "details"}, "meta": {"type": "error"}}],
  "meta": {"type": "errors", "http_status", "logref"}}``; a bad parameter is 422 ``invalid_param``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.dataset import Dataset, Record
from glue_emulators.profile import Errors
from glue_emulators.zendesk_sell import render as sell

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
SORT_FIELDS = ("id", "created_at", "updated_at")
META_TYPES = {"contacts": "contact", "leads": "lead", "deals": "deal", "users": "user"}
ERROR_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 422: "invalid_param", 429: "rate_limit_exceeded", 500: "server_error"}
STATUS_TEXT = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
               405: "Method Not Allowed", 422: "Unprocessable Entity", 429: "Too Many Requests",
               500: "Internal Server Error"}


def error_body(status_code: int, message: str) -> dict:
    return {"errors": [{"error": {"code": ERROR_CODES.get(status_code, "error"), "message": message,
                                  "details": message}, "meta": {"type": "error"}}],
            "meta": {"type": "errors", "http_status": f"{status_code} {STATUS_TEXT.get(status_code, '')}".strip(),
                     "logref": "emulated"}}


SELL_ERRORS = Errors(
    body=error_body,
    unauthorized="Invalid or expired access token",
    not_found="The requested resource was not found",
    method_not_allowed="Method {method} is not allowed",
    rate_limited="Rate limit exceeded",
    server_error="Internal server error",
)


class InvalidParam(ValueError):
    pass


def is_api_path(path: str) -> bool:
    return path.startswith("/v2/")


def api_routes(dataset: Dataset) -> list[Route]:
    async def listing(request: Request) -> Response:
        object_name = request.url.path.rsplit("/", 1)[-1]
        try:
            page, per_page = _paging(request)
            field, descending = _sort(request.query_params.get("sort_by"))
            keep = _filters(object_name, request)
        except InvalidParam as exc:
            return SELL_ERRORS.answer(422, str(exc))
        store = dataset[object_name]
        records = [r for r in store.by_index(-1, store.count) if keep(r)]
        records.sort(key=_sort_key(field), reverse=descending)
        size = dataset.page_size(object_name, per_page)
        chunk = records[(page - 1) * size: page * size]
        more = page * size < len(records)
        items = [_item(object_name, r) for r in chunk]
        return JSONResponse({"items": items, "meta": {"type": "collection", "count": len(items),
                                                      "links": _links(request, page, more)}})

    async def one(request: Request) -> Response:
        object_name = request.url.path.split("/")[2]
        store = dataset[object_name]
        raw_id = request.path_params["id"]
        index = int(raw_id) - int(sell.remote_id(object_name, 0)) if raw_id.isdigit() else -1
        if not store.exists(index) or store.record(index).deleted:
            return SELL_ERRORS.answer(404, SELL_ERRORS.not_found)
        return JSONResponse(_item(object_name, store.record(index)))

    async def self_user(request: Request) -> Response:
        return JSONResponse(_item("users", dataset["users"].record(0)))

    async def stages(request: Request) -> Response:
        items = [{"data": stage, "meta": {"type": "stage"}} for stage in sell.stages()]
        return JSONResponse({"items": items, "meta": {"type": "collection", "count": len(items),
                                                      "links": _links(request, 1, False)}})

    async def custom_fields(request: Request) -> Response:
        resource = request.path_params["resource"]
        if resource not in sell.CUSTOM_FIELDS:
            return SELL_ERRORS.answer(404, SELL_ERRORS.not_found)
        items = [{"data": field, "meta": {"type": "custom_field"}} for field in sell.custom_fields(resource)]
        return JSONResponse({"items": items, "meta": {"type": "collection", "count": len(items),
                                                      "links": _links(request, 1, False)}})

    routes = [Route("/v2/users/self", self_user, methods=["GET"]), Route("/v2/stages", stages, methods=["GET"]),
              Route("/v2/{resource}/custom_fields", custom_fields, methods=["GET"])]
    for name in META_TYPES:
        routes += [Route(f"/v2/{name}", listing, methods=["GET"]), Route(f"/v2/{name}/{{id}}", one, methods=["GET"])]
    return routes


def _item(object_name: str, record: Record) -> dict:
    return {"data": sell.render(object_name, record), "meta": {"version": record.version + 1,
                                                               "type": META_TYPES[object_name]}}


def _paging(request: Request) -> tuple[int, int]:
    query = request.query_params
    page = _integer(query.get("page", "1"), "page")
    per_page = _integer(query.get("per_page", str(DEFAULT_PER_PAGE)), "per_page")
    if page < 1:
        raise InvalidParam("page must be greater than or equal to 1")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidParam(f"per_page must be between 1 and {MAX_PER_PAGE}")
    return page, per_page


def _sort(value: str | None) -> tuple[str, bool]:
    field, _, direction = (value or "id").partition(":")
    if field not in SORT_FIELDS:
        raise InvalidParam(f"sort_by: {field} is not a sortable attribute")
    if direction not in ("", "asc", "desc"):
        raise InvalidParam("sort_by: order must be asc or desc")
    return field, direction == "desc"


def _sort_key(field: str):
    if field == "updated_at":
        return lambda r: (r.modified_at.replace(microsecond=0), r.index)
    if field == "created_at":
        return lambda r: (r.created_at.replace(microsecond=0), r.index)
    return lambda r: r.index


def _filters(object_name: str, request: Request):
    wanted = request.query_params.get("is_organization")
    if wanted is None or object_name != "contacts":
        return lambda r: True
    if wanted not in ("true", "false"):
        raise InvalidParam("is_organization must be true or false")
    return lambda r: sell.is_organization(r.index) == (wanted == "true")


def _integer(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidParam(f"{name} must be an integer") from None


def _links(request: Request, page: int, more: bool) -> dict:
    base = f"{request.url.scheme}://{request.url.netloc}{request.url.path}"
    query = dict(request.query_params)

    def at(number: int) -> str:
        return f"{base}?{urlencode({**query, 'page': number})}"

    links = {"self": at(page), "first_page": at(1)}
    if page > 1:
        links["prev_page"] = at(page - 1)
    if more:
        links["next_page"] = at(page + 1)
    return links
