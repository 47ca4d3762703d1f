"""The slice of Intercom's REST API (https://developers.intercom.com/docs/references/rest-api/api.intercom.io)
Glue reads. Every call needs ``Authorization: Bearer <access token>``; an ``Intercom-Version`` header, when
sent, must name a version Intercom has.

- ``POST /contacts/search`` and ``POST /conversations/search``: see search.py. Answers
  ``{"type": "list", "data": [...], "total_count", "pages": {"type": "pages", "page", "per_page", "total_pages",
  "next": {"page", "starting_after"}}}`` (conversations: ``"type": "conversation.list"``, ``"conversations"``);
  ``next`` is absent on the last page.
- ``GET /companies/scroll[?scroll_param=]``: every company, 50 a call; each answer names the
  ``scroll_param`` of the next call, and an answer with no companies ends the scroll.
- ``GET /contacts/{id}``: one contact, as the search answers it; 404 ``not_found`` "Contact Not Found".
- ``GET /admins``: the workspace's teammates, one unpaged ``{"type": "admin.list", "admins": [...]}``.
- ``GET /me``: the admin who authorized the token, with the workspace (``app``).
- ``GET /data_attributes?model=contact|company|conversation``: the model's attributes, standard and custom.
"""

from __future__ import annotations

import base64
import binascii
import re
from itertools import islice

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.dataset import Dataset
from glue_emulators.intercom import responses
from glue_emulators.intercom.render import ID_BASES, WORKSPACE_ID, Renderer, epoch
from glue_emulators.intercom.search import (
    DEFAULT_PER_PAGE, MAX_PER_PAGE, BadQuery, Cursor, compile_query, matches,
)
from glue_emulators.oauth import OAuthServer

VERSION = re.compile(r"^(1\.[0-4]|2\.([0-9]|1[0-4])|Unstable)$")
SCROLL_PAGE = 50
OAUTH_PATHS = ("/oauth", "/auth/eagle/token")
CUSTOM_ATTRIBUTES = {
    "contact": (("plan", "Plan", "string", "The customer's plan."), ("seats", "Seats", "integer", "Seats bought.")),
    "company": (("region", "Region", "string", "Where the company is based."),),
    "conversation": (),
}
STANDARD_ATTRIBUTES = {
    "contact": (("email", "Email", "string"), ("name", "Name", "string"), ("phone", "Phone", "string"),
                ("created_at", "Signed up", "date")),
    "company": (("name", "Company name", "string"), ("website", "Company web", "string")),
    "conversation": (("title", "Title", "string"),),
}


def is_api_path(path: str) -> bool:
    return not path.startswith(("/_emulator", *OAUTH_PATHS))


def api_routes(dataset: Dataset, oauth: OAuthServer) -> list[Route]:
    render = Renderer(dataset)

    def refused(request: Request) -> Response | None:
        """Intercom's answer to a request it will not serve: no valid token, or an unknown version."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or oauth.grant_for(token.strip()) is None:
            return responses.unauthorized()
        version = request.headers.get("intercom-version")
        if version is not None and not VERSION.match(version):
            return responses.bad_request("Requested version is not valid", code="intercom_version_invalid")
        return None

    def search(object_name: str, list_type: str, list_key: str, by_day: bool):
        async def answer(request: Request) -> Response:
            if (refusal := refused(request)) is not None:
                return refusal
            try:
                body = await request.json()
            except ValueError:
                return responses.bad_request("Request body is not valid JSON")
            if not isinstance(body, dict):
                return responses.bad_request("Request body must be an object")
            try:
                test, since = compile_query(body.get("query"), by_day)
                per_page, after = _pagination(body.get("pagination"))
                _check_sort(body.get("sort"))
            except BadQuery as exc:
                return responses.bad_request(str(exc))
            size = dataset.page_size(object_name, per_page)
            store = dataset[object_name]
            found = matches(store, lambda r: render(object_name, r), test, since, after)
            page_records = list(islice(found, size + 1))
            more = len(page_records) > size
            page_records = page_records[:size]
            page = after.page + 1 if after else 1
            total = after.total if after else _count(store, render, object_name, test, since)
            pages = {"type": "pages", "page": page, "per_page": per_page,
                     "total_pages": max(1, -(-total // per_page)) if total else 0}
            if more:
                last = page_records[-1][0]
                pages["next"] = {"page": page + 1,
                                 "starting_after": Cursor(last.modified_at, last.index, page, total).encode()}
            return JSONResponse({"type": list_type, list_key: [r for _, r in page_records], "total_count": total,
                                 "pages": pages})

        return answer

    async def scroll_companies(request: Request) -> Response:
        if (refusal := refused(request)) is not None:
            return refusal
        try:
            start = _scroll_offset(request.query_params.get("scroll_param"))
        except ValueError:
            return responses.error(404, "not_found", "scroll parameter not found")
        size = dataset.page_size("companies", SCROLL_PAGE)
        records = dataset["companies"].by_index(start - 1, size)
        following = records[-1].index + 1 if records else start
        return JSONResponse({"type": "list", "data": [render.companies(r) for r in records], "pages": None,
                             "total_count": None, "scroll_param": _scroll_param(following)})

    async def list_admins(request: Request) -> Response:
        if (refusal := refused(request)) is not None:
            return refusal
        store = dataset["admins"]
        return JSONResponse({"type": "admin.list", "admins": [render.admins(r) for r in store.by_index(-1, store.count)]})

    async def me(request: Request) -> Response:
        if (refusal := refused(request)) is not None:
            return refusal
        store = dataset["admins"]
        first = next(iter(store.by_index(-1, 1)), None)
        admin = render.admins(first) if first is not None else {"type": "admin", "id": "1", "name": "Workspace owner",
                                                                 "email": "owner@acme.example"}
        return JSONResponse({**admin, "app": {
            "type": "app", "id_code": WORKSPACE_ID, "name": "Acme", "created_at": epoch(store.record(0).created_at),
            "secure": False, "identity_verification": False, "timezone": "Europe/London", "region": "US"}})

    async def data_attributes(request: Request) -> Response:
        if (refusal := refused(request)) is not None:
            return refusal
        model = request.query_params.get("model")
        models = [model] if model else list(CUSTOM_ATTRIBUTES)
        if any(m not in CUSTOM_ATTRIBUTES for m in models):
            return responses.bad_request("model must be one of contact, company, conversation")
        return JSONResponse({"type": "list", "data": [a for m in models for a in _attributes(m)]})

    async def one_contact(request: Request) -> Response:
        if (refusal := refused(request)) is not None:
            return refusal
        store = dataset["contacts"]
        try:
            index = int(request.path_params["contact_id"], 16) - ID_BASES["contacts"]
        except ValueError:
            index = -1
        if not store.exists(index) or store.record(index).deleted:
            return responses.error(404, "not_found", "Contact Not Found")
        return JSONResponse(render("contacts", store.record(index)))

    return [
        Route("/contacts/search", search("contacts", "list", "data", by_day=True), methods=["POST"]),
        Route("/contacts/{contact_id}", one_contact, methods=["GET"]),
        Route("/conversations/search", search("conversations", "conversation.list", "conversations", by_day=False),
              methods=["POST"]),
        Route("/companies/scroll", scroll_companies, methods=["GET"]),
        Route("/admins", list_admins, methods=["GET"]),
        Route("/me", me, methods=["GET"]),
        Route("/data_attributes", data_attributes, methods=["GET"]),
    ]


def _pagination(pagination) -> tuple[int, Cursor | None]:
    if pagination is None:
        return DEFAULT_PER_PAGE, None
    if not isinstance(pagination, dict):
        raise BadQuery("pagination must be an object")
    per_page = pagination.get("per_page", DEFAULT_PER_PAGE)
    if isinstance(per_page, bool) or not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE:
        raise BadQuery(f"per_page must be an integer between 1 and {MAX_PER_PAGE}")
    after = pagination.get("starting_after")
    return per_page, Cursor.decode(after) if isinstance(after, str) and after else None


def _check_sort(sort) -> None:
    if sort is None:
        return
    if not isinstance(sort, dict) or sort.get("field") != "updated_at" or sort.get("order", "ascending") != "ascending":
        raise BadQuery("this emulator sorts by updated_at ascending only")


def _count(store, render: Renderer, object_name: str, test, since) -> int:
    return sum(1 for _ in matches(store, lambda r: render(object_name, r), test, since, None))


def _scroll_param(offset: int) -> str:
    return base64.urlsafe_b64encode(f"scroll:{offset}".encode()).decode().rstrip("=")


def _scroll_offset(param: str | None) -> int:
    if not param:
        return 0
    try:
        label, _, number = base64.urlsafe_b64decode(param + "=" * (-len(param) % 4)).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise ValueError(param) from None
    if label != "scroll" or not number.isdigit():
        raise ValueError(param)
    return int(number)


def _attributes(model: str) -> list[dict]:
    found = []
    for name, label, data_type in STANDARD_ATTRIBUTES[model]:
        found.append({"type": "data_attribute", "name": name, "full_name": name, "label": label, "description": "",
                      "data_type": data_type, "api_writable": False, "ui_writable": True, "custom": False,
                      "archived": False, "model": model, "id": None})
    for position, (name, label, data_type, description) in enumerate(CUSTOM_ATTRIBUTES[model]):
        found.append({"type": "data_attribute", "id": 12_878_000 + 100 * list(CUSTOM_ATTRIBUTES).index(model) + position,
                      "model": model,
                      "name": name, "full_name": f"custom_attributes.{name}", "label": label,
                      "description": description, "data_type": data_type, "api_writable": True, "ui_writable": True,
                      "custom": True, "archived": False, "created_at": 1_700_000_000, "updated_at": 1_700_000_000})
    return found
