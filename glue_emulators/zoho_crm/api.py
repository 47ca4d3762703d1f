"""The slice of Zoho CRM's API v5 the source reads (https://www.zoho.com/crm/developer/docs/api/v5/).

- ``GET /crm/v5/{Leads|Contacts|Accounts|Deals|custom module}``: ``fields`` (required, at most 50 API names; ``id`` always
  comes), ``per_page`` (1-200, default 200), ``page`` (default 1) for the first 2,000 records, ``page_token``
  (``info.next_page_token`` of the previous answer) beyond them, ``sort_by`` id | Created_Time |
  Modified_Time, ``sort_order`` asc | desc (default desc). ``If-Modified-Since`` (ISO 8601 with offset) keeps
  the records modified at or after that time. ``{"data": [...], "info": {per_page, count, page, sort_by,
  sort_order, more_records, next_page_token, previous_page_token, page_token_expiry}}``; an empty list is a
  204 with no body.
- ``GET /crm/v5/{module}/deleted?type=all|recycle|permanent``: deleted records (``id``, ``display_name``,
  ``type``, ``deleted_by``, ``created_by``, ``deleted_time``), paged by ``page``/``per_page``, with
  ``If-Modified-Since`` on the deletion time.
- ``GET /crm/v5/users?type=AllUsers|ActiveUsers|DeletedUsers|CurrentUser``: ``{"users": [...], "info": ...}``
  paged by ``page``/``per_page``, ``If-Modified-Since`` on ``Modified_Time``.
- ``GET /crm/v5/settings/fields?module=``: the module's fields (fields.py).

Each route is served under ``/crm/v8`` too, as Zoho serves both versions (SDK 8 calls v8).

Every call needs ``Authorization: Zoho-oauthtoken <access token>``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.dataset import Dataset, Record
from glue_emulators.oauth import OAuthServer
from glue_emulators.zoho_crm import responses
from glue_emulators.zoho_crm.fields import api_names, fields_of
from glue_emulators.zoho_crm.render import Renderer, remote_id, zoho_time

MAX_PER_PAGE = 200
MAX_FIELDS = 50
DISCRETE_PAGING_LIMIT = 2000  # records reachable with ``page``; page_token beyond
SORT_FIELDS = ("id", "Created_Time", "Modified_Time")
USER_TYPES = ("AllUsers", "ActiveUsers", "DeactiveUsers", "DeletedUsers", "CurrentUser", "AdminUsers")
DELETED_TYPES = ("all", "recycle", "permanent")
PAGE_TOKEN_LIFETIME = timedelta(days=1)
API_VERSIONS = ("v5", "v8")


class BadRequest(Exception):
    def __init__(self, response: Response):
        self.response = response


def is_api_path(path: str) -> bool:
    return path.startswith("/crm/")


def api_routes(dataset: Dataset, oauth: OAuthServer) -> list[Route]:
    render = Renderer(dataset)

    def is_module(name: str) -> bool:
        """The standard modules and the organisation's custom ones (every other object of the dataset)."""
        return name in dataset.objects and name != "users"

    def authorized(request: Request) -> bool:
        token = responses.bearer_token(request)
        return token is not None and oauth.grant_for(token) is not None

    async def list_records(request: Request) -> Response:
        if not authorized(request):
            return responses.invalid_token()
        module = request.path_params["module"]
        if not is_module(module):
            return responses.error(400, "INVALID_MODULE", "the module name given seems to be invalid")
        query = request.query_params
        try:
            wanted = _fields(query.get("fields"), module)
            sort_by = query.get("sort_by", "id")
            if sort_by not in SORT_FIELDS:
                raise BadRequest(responses.invalid_param("sort_by"))
            sort_order = query.get("sort_order", "desc")
            if sort_order not in ("asc", "desc"):
                raise BadRequest(responses.invalid_param("sort_order"))
            since = _if_modified_since(request)
            listing = f"{module}|{sort_by}|{sort_order}|{since}"
            page, start, size, after = _position(request, dataset, module, listing)
        except BadRequest as exc:
            return exc.response
        store = dataset[module]
        if sort_by == "Modified_Time" and sort_order == "asc":
            # What an incremental reader asks for: walked in the store's own order, from the token's position.
            found = store.modified_between(since, None, None, start + size + 1)[start:] if after is None \
                else store.modified_between(since, None, after, size + 1)
            chosen, more = found[:size], len(found) > size
        else:
            records = [r for r in _live(store) if since is None or _seconds(r.modified_at) >= since]
            key = (lambda r: r.index) if sort_by == "id" else (
                (lambda r: (_seconds(r.created_at), r.index)) if sort_by == "Created_Time"
                else (lambda r: (_seconds(r.modified_at), r.index)))
            records.sort(key=key, reverse=sort_order == "desc")
            chosen, more = records[start:start + size], start + size < len(records)
        if not chosen:
            return responses.no_content()
        rows = [{k: v for k, v in render(module, r).items() if k == "id" or k.startswith("$") or k in wanted}
                for r in chosen]
        info = {"per_page": size, "count": len(rows), "page": page, "sort_by": sort_by, "sort_order": sort_order,
                "more_records": more,
                "next_page_token": _token(listing, start + size, chosen[-1]) if more else None,
                "previous_page_token": None,
                "page_token_expiry": zoho_time(datetime.now(timezone.utc) + PAGE_TOKEN_LIFETIME) if more else None}
        return JSONResponse({"data": rows, "info": info})

    async def list_deleted(request: Request) -> Response:
        if not authorized(request):
            return responses.invalid_token()
        module = request.path_params["module"]
        if not is_module(module):
            return responses.error(400, "INVALID_MODULE", "the module name given seems to be invalid")
        kind = request.query_params.get("type", "all")
        if kind not in DELETED_TYPES:
            return responses.invalid_param("type")
        try:
            since = _if_modified_since(request)
            page, per_page = _page(request), _per_page(request, dataset, module)
        except BadRequest as exc:
            return exc.response
        store = dataset[module]
        # Glue's emulator keeps every deleted record in the recycle bin.
        deleted = [r for r in store.by_index(-1, store.count, deleted=True)
                   if kind != "permanent" and (since is None or _seconds(r.modified_at) >= since)]
        deleted.sort(key=lambda r: (r.modified_at, r.index), reverse=True)  # latest deletion first
        start = (page - 1) * per_page
        chosen = deleted[start:start + per_page]
        if not chosen:
            return responses.no_content()
        rows = [_tombstone(render, module, r) for r in chosen]
        info = {"per_page": per_page, "count": len(rows), "page": page, "more_records": start + per_page < len(deleted)}
        return JSONResponse({"data": rows, "info": info})

    async def list_users(request: Request) -> Response:
        if not authorized(request):
            return responses.invalid_token()
        kind = request.query_params.get("type", "AllUsers")
        if kind not in USER_TYPES:
            return responses.invalid_param("type")
        try:
            since = _if_modified_since(request)
            page, per_page = _page(request), _per_page(request, dataset, "users")
        except BadRequest as exc:
            return exc.response
        store = dataset["users"]
        everyone = sorted(store.by_index(-1, store.count) + store.by_index(-1, store.count, deleted=True),
                          key=lambda r: r.index)
        rendered = [(r, render.user(r)) for r in everyone]
        keep = _user_filter(kind, request, oauth)
        chosen = [(r, u) for r, u in rendered if keep(u) and (since is None or _seconds(r.modified_at) >= since)]
        start = (page - 1) * per_page
        users = [u for _, u in chosen[start:start + per_page]]
        if not users:
            return responses.no_content()
        info = {"per_page": per_page, "count": len(users), "page": page,
                "more_records": start + per_page < len(chosen)}
        return JSONResponse({"users": users, "info": info})

    async def list_fields(request: Request) -> Response:
        if not authorized(request):
            return responses.invalid_token()
        module = request.query_params.get("module")
        if not module:
            return responses.missing_param("module")
        if not is_module(module):
            return responses.error(400, "INVALID_MODULE", "the module name given seems to be invalid")
        return JSONResponse({"fields": fields_of(module)})

    # Zoho serves its API versions side by side; this slice reads the same in v5 (Glue) and v8 (Zoho's SDK 8).
    return [route for version in API_VERSIONS for route in (
        Route(f"/crm/{version}/users", list_users, methods=["GET"]),
        Route(f"/crm/{version}/settings/fields", list_fields, methods=["GET"]),
        Route(f"/crm/{version}/{{module}}/deleted", list_deleted, methods=["GET"]),
        Route(f"/crm/{version}/{{module}}", list_records, methods=["GET"]),
    )]


# -- parameters ------------------------------------------------------------------------------

def _fields(value: str | None, module: str) -> set[str]:
    if not value:
        raise BadRequest(responses.missing_param("fields"))
    names = {name.strip() for name in value.split(",") if name.strip()}
    if len(names) > MAX_FIELDS:
        raise BadRequest(responses.error(400, "LIMIT_EXCEEDED", f"fields can have at most {MAX_FIELDS} API names",
                                         {"param": "fields", "limit": MAX_FIELDS}))
    unknown = sorted(names - api_names(module) - {"id"})
    if unknown:
        raise BadRequest(responses.error(400, "INVALID_DATA", "invalid field api name",
                                         {"api_name": unknown[0]}))
    return names


def _if_modified_since(request: Request) -> datetime | None:
    value = request.headers.get("if-modified-since")
    if value is None:
        return None
    try:
        at = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest(responses.error(400, "INVALID_DATA", "invalid If-Modified-Since header",
                                         {"header": "If-Modified-Since"})) from None
    if at.tzinfo is None:
        raise BadRequest(responses.error(400, "INVALID_DATA", "If-Modified-Since needs a time zone offset",
                                         {"header": "If-Modified-Since"}))
    return at.astimezone(timezone.utc)


def _page(request: Request) -> int:
    try:
        page = int(request.query_params.get("page", "1"))
    except ValueError:
        raise BadRequest(responses.invalid_param("page")) from None
    if page < 1:
        raise BadRequest(responses.invalid_param("page"))
    return page


def _per_page(request: Request, dataset: Dataset, module: str) -> int:
    try:
        per_page = int(request.query_params.get("per_page", str(MAX_PER_PAGE)))
    except ValueError:
        raise BadRequest(responses.invalid_param("per_page")) from None
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise BadRequest(responses.invalid_param("per_page", f"per_page must be between 1 and {MAX_PER_PAGE}"))
    return dataset.page_size(module, per_page)


def _position(request: Request, dataset: Dataset, module: str, listing: str
              ) -> tuple[int, int, int, tuple[datetime, int] | None]:
    """(page number, first record's offset, page size, the last record served before it when a page token
    says) from ``page`` or ``page_token``."""
    size = _per_page(request, dataset, module)
    token = request.query_params.get("page_token")
    if token is not None:
        if "page" in request.query_params:
            raise BadRequest(responses.error(400, "INVALID_REQUEST", "page and page_token cannot be used together",
                                             {"param": "page_token"}))
        start, after = _untoken(token, listing)
        return start // size + 1, start, size, after
    page = _page(request)
    start = (page - 1) * size
    if start >= DISCRETE_PAGING_LIMIT:
        raise BadRequest(responses.error(
            400, "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
            f"you can fetch only {DISCRETE_PAGING_LIMIT} records with page; use page_token for more",
            {"limit": DISCRETE_PAGING_LIMIT}))
    return page, start, size, None


def _token(listing: str, start: int, last: Record) -> str:
    payload = json.dumps({"l": hashlib.sha1(listing.encode()).hexdigest()[:12], "o": start,
                          "k": [last.modified_at.isoformat(), last.index]})
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _untoken(token: str, listing: str) -> tuple[int, tuple[datetime, int]]:
    try:
        payload = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if payload["l"] != hashlib.sha1(listing.encode()).hexdigest()[:12]:
            raise ValueError("token of another listing")
        at, index = payload["k"]
        return int(payload["o"]), (datetime.fromisoformat(at), int(index))
    except (ValueError, KeyError, TypeError):
        raise BadRequest(responses.invalid_param("page_token", "invalid page token")) from None


# -- records -----------------------------------------------------------------------------------

def _live(store) -> list[Record]:
    return store.by_index(-1, store.count)


def _seconds(at: datetime) -> datetime:
    """Zoho's times are whole seconds: a filter compares what the API shows."""
    return at.replace(microsecond=0)


def _tombstone(render: Renderer, module: str, r: Record) -> dict:
    shown = render(module, r)
    name = shown.get("Full_Name") or shown.get("Account_Name") or shown.get("Deal_Name") or shown.get("Name")
    return {"id": remote_id(module, r.index), "display_name": name if isinstance(name, str) else None,
            "type": "recycle", "deleted_by": shown.get("Owner"), "created_by": shown.get("Owner"),
            "deleted_time": zoho_time(r.modified_at)}


def _user_filter(kind: str, request: Request, oauth: OAuthServer) -> Callable[[dict], bool]:
    if kind == "CurrentUser":
        current = remote_id("users", 0)  # the organisation's first user authorizes the emulated connections
        return lambda user: user["id"] == current
    return {
        "AllUsers": lambda user: user["status"] != "deleted",
        "ActiveUsers": lambda user: user["status"] == "active",
        "DeactiveUsers": lambda user: user["status"] == "disabled",
        "DeletedUsers": lambda user: user["status"] == "deleted",
        "AdminUsers": lambda user: user["profile"]["name"] == "Administrator" and user["status"] != "deleted",
    }[kind]
