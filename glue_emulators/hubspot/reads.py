"""Reads by id: one CRM record (with its v3 associations), a batch of records, and one record's
v4 associations to another object type.

- ``GET /crm/v3/objects/{objectType}/{objectId}?properties&associations&archived``
- ``POST /crm/v3/objects/{objectType}/batch/read`` with ``{"inputs": [{"id"}], "properties"}``
- ``GET /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}?after&limit``
- ``GET /crm/v3/owners/{ownerId}?idProperty=id|userId&archived``
"""

from __future__ import annotations

from datetime import datetime, timezone

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.dataset import Record
from glue_emulators.hubspot import errors, render
from glue_emulators.hubspot.account import Account
from glue_emulators.hubspot.associations import PAGE, association_types, linked
from glue_emulators.hubspot.catalog import OWNER_ID_BASE, OWNER_USER_ID_BASE, OWNERS, ObjectKind
from glue_emulators.hubspot.fields import iso

BATCH_READ_MAX = 100  # inputs per batch read


def read_routes(account: Account) -> list[Route]:
    def unknown_type(object_type: str) -> Response:
        return errors.validation_error(f"Unable to infer object type from: {object_type}")

    async def read_one(request: Request) -> Response:
        kind = account.kind(request.path_params["object_type"])
        if kind is None:
            return unknown_type(request.path_params["object_type"])
        object_id = request.path_params["object_id"]
        archived = request.query_params.get("archived", "false").lower() == "true"
        record = _record(account, kind, object_id)
        if record is None or record.deleted != archived:
            return errors.object_not_found(object_id)
        body = render.crm_records(account, kind, [record], _names(request, "properties"))[0]
        targets = [account.kind(name) for name in _names(request, "associations") or []]
        if None in targets:
            return errors.validation_error("associations names an unknown object type.")
        associations = {}
        for target in dict.fromkeys(targets):
            results = _v3_associations(account, kind, target, record.index)
            if results:
                associations[target.name] = {"results": results}
        if associations:
            body["associations"] = associations
        return JSONResponse(body)

    async def read_batch(request: Request) -> Response:
        started = iso(datetime.now(timezone.utc))
        kind = account.kind(request.path_params["object_type"])
        if kind is None:
            return unknown_type(request.path_params["object_type"])
        try:
            body = await request.json()
            ids = [str(item["id"]) for item in body["inputs"]]
            properties = body.get("properties") or None
        except (ValueError, KeyError, TypeError):
            return errors.validation_error('The request body must be {"inputs": [{"id": ...}], "properties": [...]}.')
        if body.get("idProperty") not in (None, "hs_object_id"):
            return errors.validation_error("The emulator reads by record id only (idProperty hs_object_id).")
        if len(ids) > BATCH_READ_MAX:
            return errors.validation_error(f"A batch may hold at most {BATCH_READ_MAX} inputs.")
        archived = request.query_params.get("archived", "false").lower() == "true"
        found, missing = [], []
        for object_id in dict.fromkeys(ids):
            record = _record(account, kind, object_id)
            if record is None or record.deleted != archived:
                missing.append(object_id)
            else:
                found.append(record)
        answer = {"status": "COMPLETE", "results": render.crm_records(account, kind, found, properties),
                  "startedAt": started, "completedAt": iso(datetime.now(timezone.utc))}
        if missing:
            answer["numErrors"] = 1
            answer["errors"] = [{
                "status": "error", "category": "OBJECT_NOT_FOUND",
                "message": f"Could not get some {kind.labels[0].upper()} objects, they may be deleted or not exist. "
                           "Check that ids are valid.",
                "context": {"ids": missing}, "errors": [],
            }]
        return JSONResponse(answer, status_code=207 if missing else 200)

    async def list_associations(request: Request) -> Response:
        source = account.kind(request.path_params["object_type"])
        target = account.kind(request.path_params["to_type"])
        if source is None or target is None:
            return unknown_type(request.path_params["object_type" if source is None else "to_type"])
        params = request.query_params
        try:
            limit = max(1, min(int(params.get("limit", PAGE)), PAGE))
            after = int(params.get("after") or 0)
        except ValueError:
            return errors.validation_error("limit and after must be numbers.")
        record = _record(account, source, request.path_params["object_id"])
        if record is None or record.deleted:
            return JSONResponse({"results": []})  # HubSpot lists nothing rather than refusing
        indices, next_after = linked(account.dataset, source.name, record.index, target.name, after, limit)
        types = association_types(source.name, target.name)
        answer: dict = {"results": [{"toObjectId": int(target.remote_id(i)), "associationTypes": types}
                                    for i in indices]}
        if next_after is not None:
            link = str(request.url.include_query_params(after=str(next_after)))
            answer["paging"] = {"next": {"after": str(next_after), "link": link}}
        return JSONResponse(answer)

    async def read_owner(request: Request) -> Response:
        owner_id = request.path_params["owner_id"]
        id_property = request.query_params.get("idProperty", "id")
        if id_property not in ("id", "userId"):
            return errors.validation_error("idProperty must be id or userId.")
        base = OWNER_ID_BASE if id_property == "id" else OWNER_USER_ID_BASE
        store = account.dataset[OWNERS]
        index = int(owner_id) - base if owner_id.isdigit() else -1
        archived = request.query_params.get("archived", "false").lower() == "true"
        if not store.exists(index) or store.record(index).deleted != archived:
            return errors.error(404, f"Owner {owner_id} not found.", "OBJECT_NOT_FOUND")
        return JSONResponse(render.owner(store.record(index)))

    return [
        Route("/crm/v3/owners/{owner_id}", read_owner, methods=["GET"]),
        Route("/crm/v3/objects/{object_type}/batch/read", read_batch, methods=["POST"]),
        Route("/crm/v3/objects/{object_type}/{object_id}", read_one, methods=["GET"]),
        Route("/crm/v4/objects/{object_type}/{object_id}/associations/{to_type}", list_associations,
              methods=["GET"]),
    ]


def _names(request: Request, param: str) -> list[str] | None:
    """A list parameter, given repeated or comma-separated; None when absent."""
    names = [n for value in request.query_params.getlist(param) for n in value.split(",") if n]
    return names or None


def _record(account: Account, kind: ObjectKind, object_id: str) -> Record | None:
    index = kind.index_of(object_id)
    store = account.dataset[kind.name]
    if index is None or not store.exists(index):
        return None
    return store.record(index)


def _v3_associations(account: Account, source: ObjectKind, target: ObjectKind, index: int) -> list[dict]:
    """The v3 read's ``associations.{type}.results``: one entry per linked record and association label."""
    indices, _ = linked(account.dataset, source.name, index, target.name)
    base = f"{source.labels[0]}_to_{target.labels[0]}".lower()
    kinds = [base if i == 0 else f"{base}_unlabeled" for i in range(len(association_types(source.name, target.name)))]
    return [{"id": target.remote_id(i), "type": kind} for i in indices for kind in kinds]
