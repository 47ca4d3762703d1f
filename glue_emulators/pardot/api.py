"""The slice of Account Engagement's API v5 that Glue reads, under ``/api/v5/objects``.

- ``GET /{object}`` for prospects, visitors, visitor-activities, campaigns, forms and custom-fields: ``fields``
  (required: only the named fields are answered), ``limit`` (1..1000, default 200), ``orderBy`` (``id`` or
  ``updatedAt``, each with ``ASC``/``DESC``, comma separated; ``id`` decides ties), and ``deleted``
  (``true``/``false``/``all``) where records go to the recycle bin (prospects, campaigns, forms).
  Prospects, visitors and visitor activities filter by ``updatedAtAfter``, ``updatedAtAfterOrEqualTo``,
  ``updatedAtBefore`` and ``updatedAtBeforeOrEqualTo``; campaigns and forms by none of them.
- The answer is ``{"values": [...], "nextPageToken": ..., "nextPageUrl": ...}``, both null on the last page.
  A next page is asked for with ``nextPageToken`` alone: the token carries the query.
- Errors: ``{"code": n, "message": ...}``; an unknown field or parameter is 400.
Every list is selected by scanning the object (fine for the tens of thousands of records tests and the
sandbox use).
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.dataset import Dataset, Record
from glue_emulators.pardot import render as pardot
from glue_emulators.wire import aware_time

PREFIX = "/api/v5/objects"
DEFAULT_LIMIT = 200
MAX_LIMIT = 1000
TIME_FILTERED = frozenset({"prospects", "visitors", "visitor_activity"})
RECYCLED = frozenset({"prospects", "campaigns", "forms"})
TIME_FILTERS = {"updatedAtAfter": lambda at, t: at > t, "updatedAtAfterOrEqualTo": lambda at, t: at >= t,
                "updatedAtBefore": lambda at, t: at < t, "updatedAtBeforeOrEqualTo": lambda at, t: at <= t}
SORTABLE = ("id", "updatedAt")
INVALID_PARAMETER = 51  # the emulator's code for a refused parameter


class BadQuery(ValueError):
    pass


def error_body(code: int, message: str) -> dict:
    return {"code": code, "message": message}


def answer(status_code: int, code: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status_code, headers=headers)


def is_api_path(path: str) -> bool:
    return path.startswith(PREFIX + "/")


def api_routes(dataset: Dataset) -> list[Route]:
    async def query(request: Request) -> Response:
        name = _dataset_name(request.path_params["object"])
        if name not in pardot.RENDERERS and name != "custom-fields":
            return answer(404, 404, "The requested object was not found.")
        try:
            spec = _query_of(name, request)
        except BadQuery as exc:
            return answer(400, INVALID_PARAMETER, str(exc))
        if name == "custom-fields":
            rows = [pardot.custom_field(i) for i in range(len(pardot.CUSTOM_FIELDS))]
            return JSONResponse(_page(request, spec, [(r["id"], r) for r in rows][spec["after"] or 0:], dataset,
                                      offset=True))
        chosen = _select(dataset, name, spec)
        return JSONResponse(_page(request, spec, chosen, dataset))

    async def one(request: Request) -> Response:
        name = _dataset_name(request.path_params["object"])
        if name not in pardot.RENDERERS:
            return answer(404, 404, "The requested object was not found.")
        store = dataset[name]
        index = pardot.index_of(name, int(request.path_params["id"]))
        if not store.exists(index) or store.record(index).deleted:
            return answer(404, 404, "The requested record was not found.")
        fields = request.query_params.get("fields")
        if not fields:
            return answer(400, INVALID_PARAMETER, "The fields parameter is required.")
        full = pardot.render(name, store.record(index))
        return JSONResponse({k: full.get(k) for k in fields.split(",") if k in full})

    return [Route(PREFIX + "/{object}", query, methods=["GET"]),
            Route(PREFIX + "/{object}/{id:int}", one, methods=["GET"])]


def _dataset_name(path_name: str) -> str:
    """``visitor-activities`` in the path is ``visitor_activity`` in the dataset (a name Glue's tables can take)."""
    if path_name == "visitor-activities":
        return "visitor_activity"
    return "" if path_name == "visitor_activity" else path_name


def _query_of(name: str, request: Request) -> dict:
    params = request.query_params
    if "nextPageToken" in params:
        if set(params) != {"nextPageToken"}:
            raise BadQuery("nextPageToken must be the only parameter of a next page request.")
        return _decode(params["nextPageToken"], name)
    known = {"fields", "limit", "orderBy", "deleted", *(TIME_FILTERS if name in TIME_FILTERED else ())}
    unknown = sorted(set(params) - known)
    if unknown:
        raise BadQuery(f"Invalid query parameter: {unknown[0]}.")
    fields = [f for f in (params.get("fields") or "").split(",") if f]
    if not fields:
        raise BadQuery("The fields parameter is required.")
    allowed = _fields_of(name)
    bad = [f for f in fields if f not in allowed]
    if bad:
        raise BadQuery(f"Invalid field: {bad[0]}.")
    try:
        limit = int(params.get("limit", DEFAULT_LIMIT))
    except ValueError:
        raise BadQuery("limit must be an integer.") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise BadQuery(f"limit must be between 1 and {MAX_LIMIT}.")
    deleted = params.get("deleted", "false")
    if deleted not in ("true", "false", "all") or (deleted != "false" and name not in RECYCLED):
        raise BadQuery(f"Invalid value for deleted: {deleted}.")
    filters = {key: _time(params[key], key) for key in TIME_FILTERS if key in params}
    return {"object": name, "fields": fields, "limit": limit, "order": _order(params.get("orderBy") or "id"),
            "deleted": deleted, "filters": {k: v.isoformat() for k, v in filters.items()}, "after": None}


def _fields_of(name: str) -> set[str]:
    if name == "custom-fields":
        return set(pardot.custom_field(0))
    probe = pardot.render(name, Record(0, 0, pardot.DEFINED, pardot.DEFINED, False))
    return set(probe)


def _order(value: str) -> list[tuple[str, bool]]:
    """[(field, descending)]; id last, so the order is total."""
    order = []
    for part in value.split(","):
        words = part.split()
        if not words or words[0] not in SORTABLE or len(words) > 2 or (
                len(words) == 2 and words[1].upper() not in ("ASC", "DESC")):
            raise BadQuery(f"Invalid orderBy: {part.strip()}.")
        order.append((words[0], len(words) == 2 and words[1].upper() == "DESC"))
    if "id" not in [f for f, _ in order]:
        order.append(("id", False))
    return order


def _time(value: str, key: str) -> datetime:
    return aware_time(value, lambda: BadQuery(f"Invalid date for {key}: {value}."),
                      lambda: BadQuery(f"{key} must carry a UTC offset."))


def _select(dataset: Dataset, name: str, spec: dict) -> list[tuple[int, dict]]:
    store = dataset[name]
    mode = spec["deleted"]
    filters = [(TIME_FILTERS[k], datetime.fromisoformat(v)) for k, v in spec["filters"].items()]
    records = []
    for index in range(store.count):
        record = store.record(index)
        if (mode == "false" and record.deleted) or (mode == "true" and not record.deleted):
            continue
        at = record.modified_at.replace(microsecond=0)  # compared as the API shows it, to the second
        if all(test(at, bound) for test, bound in filters):
            records.append(record)
    records.sort(key=lambda r: _sort_key(r, spec["order"]))
    after = spec["after"]
    if after is not None:
        records = [r for r in records if _sort_key(r, spec["order"]) > tuple(after)]
    return [(r.index, pardot.render(name, r)) for r in records]


def _sort_key(record: Record, order: list[tuple[str, bool]]) -> tuple:
    key = []
    for field, descending in order:
        value = record.index if field == "id" else record.modified_at.timestamp()
        key.append(-value if descending else value)
    return tuple(key)


def _page(request: Request, spec: dict, chosen: list[tuple[int, dict]], dataset: Dataset, *,
          offset: bool = False) -> dict:
    size = dataset.page_size(spec["object"], spec["limit"])
    shown, more = chosen[:size], len(chosen) > size
    token = url = None
    if more:
        last_index = shown[-1][0]
        if offset:
            position = (spec["after"] or 0) + size
        else:
            store = dataset[spec["object"]]
            position = list(_sort_key(store.record(last_index), spec["order"]))
        token = _encode({**spec, "after": position})
        url = f"{request.url.scheme}://{request.url.netloc}{request.url.path}?nextPageToken={token}"
    return {"values": [{f: row.get(f) for f in spec["fields"]} for _, row in shown], "nextPageToken": token,
            "nextPageUrl": url}


def _encode(spec: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(spec, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(token: str, name: str) -> dict:
    try:
        spec = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, binascii.Error):
        raise BadQuery("Invalid nextPageToken.") from None
    if not isinstance(spec, dict) or spec.get("object") != name:
        raise BadQuery("Invalid nextPageToken.")
    spec["order"] = [tuple(o) for o in spec["order"]]
    return spec


