"""The CRM API routes a sync uses: objects (list, search), properties, schemas, owners, v4 associations."""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import datetime, timezone

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.hubspot import errors, render
from glue_emulators.hubspot.account import Account
from glue_emulators.hubspot.associations import association_types, linked
from glue_emulators.hubspot.catalog import OWNERS, ObjectKind
from glue_emulators.hubspot.fields import iso
from glue_emulators.hubspot.search import SearchError, parse_query, search_page

LIST_MAX = 100
OWNERS_MAX = 500
BATCH_MAX = 1000


def api_routes(account: Account) -> list[Route]:
    def unknown_type(object_type: str) -> Response:
        return errors.validation_error(f"Unable to infer object type from: {object_type}")

    async def list_objects(request: Request) -> Response:
        kind = account.kind(request.path_params["object_type"])
        if kind is None:
            return unknown_type(request.path_params["object_type"])
        try:
            after, limit, archived = _paging(request, default_limit=10, max_limit=LIST_MAX)
        except ValueError as exc:
            return errors.validation_error(str(exc))
        names = [n for value in request.query_params.getlist("properties") for n in value.split(",") if n]
        limit = account.dataset.page_size(kind.name, limit)
        store = account.dataset[kind.name]
        records = store.by_index(after, limit + 1, deleted=archived)
        results = render.crm_records(account, kind, records[:limit], names or None)
        return JSONResponse(_page(request, results, records, limit))

    async def search(request: Request) -> Response:
        kind = account.kind(request.path_params["object_type"])
        if kind is None:
            return unknown_type(request.path_params["object_type"])
        store = account.dataset[kind.name]
        try:
            query = parse_query(await request.json(), kind, store, account.limits.search_results_cap)
        except (SearchError, ValueError, TypeError, AttributeError) as exc:
            return errors.validation_error(str(exc) or "There was a problem with the request.")
        query = replace(query, limit=account.dataset.page_size(kind.name, query.limit))
        records, next_offset = search_page(store, query, account.search_cursors)
        body = {
            "total": account.search_cursors.total(store, query),
            "results": render.crm_records(account, kind, records, query.properties),
        }
        if next_offset is not None:
            body["paging"] = {"next": {"after": str(next_offset)}}
        return JSONResponse(body)

    async def properties(request: Request) -> Response:
        kind = account.kind(request.path_params["object_type"])
        if kind is None:
            return unknown_type(request.path_params["object_type"])
        definitions = [render.property_definition(kind, spec, i) for i, spec in enumerate(kind.properties)]
        return JSONResponse({"results": definitions})

    async def schemas(request: Request) -> Response:
        return JSONResponse({"results": [render.schema(account, k) for k in account.kinds.values() if k.custom]})

    async def owners(request: Request) -> Response:
        try:
            after, limit, archived = _paging(request, default_limit=100, max_limit=OWNERS_MAX)
        except ValueError as exc:
            return errors.validation_error(str(exc))
        limit = account.dataset.page_size(OWNERS, limit)
        store = account.dataset[OWNERS]
        records = store.by_index(after, limit + 1, deleted=archived)
        email = request.query_params.get("email")
        results = [render.owner(r) for r in records[:limit]]
        if email:  # owners are few: filtering one page at a time is what a client would see anyway
            results = [o for o in results if o["email"] == email.lower()]
        return JSONResponse(_page(request, results, records, limit))

    async def read_associations(request: Request) -> Response:
        started = iso(datetime.now(timezone.utc))
        source = account.kind(request.path_params["from_type"])
        target = account.kind(request.path_params["to_type"])
        if source is None or target is None:
            missing = request.path_params["from_type" if source is None else "to_type"]
            return unknown_type(missing)
        try:
            inputs = (await request.json())["inputs"]
        except (ValueError, KeyError, TypeError):
            return errors.validation_error("The request body must be {\"inputs\": [{\"id\": ...}]}.")
        if len(inputs) > BATCH_MAX:
            return errors.validation_error(f"A batch may hold at most {BATCH_MAX} inputs.")
        results, failures = [], []
        for item in inputs:
            remote_id = str(item.get("id"))
            result = _associations_of(account, source, target, remote_id, int(item.get("after") or 0))
            if result is None:
                failures.append(remote_id)
            else:
                results.append(result)
        body = {"status": "COMPLETE", "results": results, "startedAt": started,
                "completedAt": iso(datetime.now(timezone.utc))}
        if failures:
            body["numErrors"] = len(failures)
            body["errors"] = [_no_associations(source, target, failures)]
        return JSONResponse(body, status_code=207 if failures else 200)

    return [
        Route("/crm/v3/objects/{object_type}", list_objects, methods=["GET"]),
        Route("/crm/v3/objects/{object_type}/search", search, methods=["POST"]),
        Route("/crm/v3/properties/{object_type}", properties, methods=["GET"]),
        Route("/crm/v3/schemas", schemas, methods=["GET"]),
        Route("/crm/v3/owners", owners, methods=["GET"]),
        Route("/crm/v3/owners/", owners, methods=["GET"]),
        Route("/crm/v4/associations/{from_type}/{to_type}/batch/read", read_associations, methods=["POST"]),
    ]


def _paging(request: Request, default_limit: int, max_limit: int) -> tuple[int, int, bool]:
    """(index after which to start, page size, archived) from list query parameters."""
    params = request.query_params
    try:
        limit = min(int(params.get("limit", default_limit)), max_limit)  # HubSpot caps oversized pages
    except ValueError:
        raise ValueError("limit must be a number.") from None
    after = _decode_after(params["after"]) if params.get("after") else -1
    return after, max(1, limit), params.get("archived", "false").lower() == "true"


def _page(request: Request, results: list[dict], records: list, limit: int) -> dict:
    body: dict = {"results": results}
    if len(records) > limit:
        token = _encode_after(records[limit - 1].index)
        body["paging"] = {"next": {"after": token, "link": str(request.url.include_query_params(after=token))}}
    return body


def _encode_after(index: int) -> str:
    # opaque to clients, as HubSpot's list cursors are
    return base64.urlsafe_b64encode(f"{index}\n".encode()).decode()


def _decode_after(token: str) -> int:
    try:
        return int(base64.urlsafe_b64decode(token.encode()).decode())
    except ValueError:
        raise ValueError(f"Invalid after token: {token}") from None


def _associations_of(
    account: Account, source: ObjectKind, target: ObjectKind, remote_id: str, after: int
) -> dict | None:
    index = source.index_of(remote_id)
    if index is None or not account.dataset[source.name].exists(index):
        return None
    indices, next_after = linked(account.dataset, source.name, index, target.name, after)
    if not indices:
        return None
    types = association_types(source.name, target.name)
    result = {"from": {"id": remote_id},
              "to": [{"toObjectId": int(target.remote_id(i)), "associationTypes": types} for i in indices]}
    if next_after is not None:
        result["paging"] = {"next": {"after": str(next_after), "link": None}}
    return result


def _no_associations(source: ObjectKind, target: ObjectKind, ids: list[str]) -> dict:
    return {
        "status": "error",
        "category": "OBJECT_NOT_FOUND",
        "subCategory": "crm.associations.NO_ASSOCIATIONS_FOUND",
        "message": f"No {target.labels[0].lower()} is associated with {source.labels[0].lower()} {', '.join(ids)}.",
        "context": {"fromObjectId": ids},
        "errors": [],
    }

