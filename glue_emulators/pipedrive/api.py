"""The slice of Pipedrive's REST API the source reads.

- ``GET /api/v2/{persons|organizations|deals}``: keyset pages (``cursor``, ``limit`` up to
  500, ``additional_data.next_cursor``), ``updated_since`` / ``updated_until`` (RFC 3339,
  on ``update_time``), ``sort_by`` id | update_time | add_time; deals also take ``status``
  (comma-separated open, won, lost, deleted; default every status but deleted).
- ``GET /v1/leads``: offset pages (``start``, ``limit``) in creation order,
  ``additional_data`` = {start, limit, more_items_in_collection}; no time filter.
- ``GET /v1/users``: every user of the company, deleted ones flagged ``is_deleted``.
- reads by id: see reads.py; field lists (``/v1/personFields`` ...): see fields.py.

Every call needs ``Authorization: Bearer <access token>``.
"""

from __future__ import annotations

from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from glue_emulators.dataset import Dataset
from glue_emulators.oauth import OAuthServer
from glue_emulators.pipedrive import responses
from glue_emulators.pipedrive.fields import field_routes
from glue_emulators.pipedrive.listing import BadCursor, Window, every_record, keyset_page, offset_page
from glue_emulators.pipedrive.reads import read_routes
from glue_emulators.pipedrive.render import DEAL_STATUSES, Renderer, deal_status
from glue_emulators.wire import aware_time

V2_OBJECTS = ("persons", "organizations", "deals")
MAX_LIMIT = 500
DEFAULT_LIMIT = 100
SORT_FIELDS = ("id", "update_time", "add_time")


class BadRequest(ValueError):
    pass


def is_api_path(path: str) -> bool:
    return path.startswith(("/api/v2/", "/api/v1/", "/v1/"))


def api_routes(dataset: Dataset, oauth: OAuthServer) -> list[Route]:
    render = Renderer(dataset)

    def authorized(request: Request) -> bool:
        return responses.bearer_accepted(request, oauth)

    async def list_v2(request: Request) -> Response:
        if not authorized(request):
            return responses.unauthorized()
        object_name = request.url.path.rsplit("/", 1)[-1]
        query = request.query_params
        try:
            limit = dataset.page_size(object_name, _limit(query.get("limit")))
            if query.get("sort_direction", "asc") != "asc":
                raise BadRequest("sort_direction desc is not served by this emulator")
            sort_by = query.get("sort_by", "id")
            if sort_by not in SORT_FIELDS:
                raise BadRequest(f"sort_by must be one of {', '.join(SORT_FIELDS)}")
            window = Window(since=_instant(query.get("updated_since"), "updated_since"),
                            until=_instant(query.get("updated_until"), "updated_until"))
            if object_name == "deals":
                window = _deal_statuses(window, query.get("status"))
            # add_time follows creation, and records are created in id order
            order = "update_time" if sort_by == "update_time" else "id"
            records, next_cursor = keyset_page(dataset[object_name], order, window, query.get("cursor"), limit)
        except (BadRequest, BadCursor) as exc:
            return responses.bad_request(str(exc))
        return responses.success([render(object_name, r) for r in records], {"next_cursor": next_cursor})

    async def list_leads(request: Request) -> Response:
        if not authorized(request):
            return responses.unauthorized()
        query = request.query_params
        try:
            limit = dataset.page_size("leads", _limit(query.get("limit")))
            start = _non_negative(query.get("start", "0"), "start")
            archived = query.get("archived_status", "all")
            if archived not in ("archived", "not_archived", "all"):
                raise BadRequest("archived_status must be archived, not_archived or all")
        except BadRequest as exc:
            return responses.bad_request(str(exc))
        keep = None if archived == "all" else (
            lambda r: render.leads(r)["is_archived"] == (archived == "archived"))
        records, more = offset_page(dataset["leads"], start, limit, keep)
        return responses.success(
            [render.leads(r) for r in records], {"start": start, "limit": limit, "more_items_in_collection": more}
        )

    async def list_users(request: Request) -> Response:
        if not authorized(request):
            return responses.unauthorized()
        return responses.success([render.users(r) for r in every_record(dataset["users"])])

    routes = [Route(f"/api/v2/{name}", list_v2, methods=["GET"]) for name in V2_OBJECTS if name in dataset.objects]
    for prefix in ("/v1", "/api/v1"):  # v1 answers under both prefixes
        routes.append(Route(f"{prefix}/leads", list_leads, methods=["GET"]))
        routes.append(Route(f"{prefix}/users", list_users, methods=["GET"]))
    return routes + read_routes(dataset, oauth, V2_OBJECTS) + field_routes(oauth)


def _limit(value: str | None) -> int:
    if value is None:
        return DEFAULT_LIMIT
    limit = _non_negative(value, "limit")
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"limit must be between 1 and {MAX_LIMIT}")
    return limit


def _non_negative(value: str, name: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(f"{name} must be an integer") from None
    if number < 0:
        raise BadRequest(f"{name} must not be negative")
    return number


def _instant(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    return aware_time(value, lambda: BadRequest(f"{name} must be an RFC 3339 date-time, e.g. 2025-01-01T10:20:00Z"),
                      lambda: BadRequest(f"{name} must carry a time zone, e.g. 2025-01-01T10:20:00Z"))


def _deal_statuses(window: Window, value: str | None) -> Window:
    wanted = set(value.split(",")) if value else set(DEAL_STATUSES)
    unknown = wanted - {*DEAL_STATUSES, "deleted"}
    if unknown:
        raise BadRequest(f"status must be among open, won, lost, deleted; got {', '.join(sorted(unknown))}")
    live = wanted & set(DEAL_STATUSES)
    keep = None if live == set(DEAL_STATUSES) else (lambda r: r.deleted or deal_status(r) in live)
    return Window(since=window.since, until=window.until, live=bool(live), deleted="deleted" in wanted, keep=keep)
