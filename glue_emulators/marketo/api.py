"""The REST slice Glue reads (Marketo's reference: Leads, Activities, Paging Tokens, Programs), under /rest/v1
and, for programs, the Asset API's /rest/asset/v1.

- ``GET leads/describe.json``: the lead fields (``rest.name``, ``dataType``).
- ``GET leads.json?filterType=id&filterValues=1,2,...`` (at most 300 values; ``fields`` picks fields): live leads
  with those ids; the same as a form POSTed with ``_method=GET``. Other filter types are not emulated (1003).
- ``GET activities/pagingtoken.json?sinceDatetime=``: ``nextPageToken`` for that instant.
- ``GET activities/leadchanges.json?nextPageToken=&fields=`` (``fields`` required): New Lead (12) and Change
  Data Value (13) activities in time order, ``batchSize`` (at most 300) a page, ``moreResult`` and the next token.
- ``GET activities/deletedleads.json?nextPageToken=``: Delete Lead (37) activities.
- ``GET /rest/asset/v1/programs.json?offset=&maxReturn=`` (at most 200; programs are assets),
  ``earliestUpdatedAt``/``latestUpdatedAt`` (both or neither); past the end: no ``result`` and a "No assets found"
  warning.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.dataset import Dataset, Record
from glue_emulators.marketo import render as marketo
from glue_emulators.wire import aware_time

REST = "/rest/v1"
ASSET = "/rest/asset/v1"  # programs are assets
BULK = "/bulk/v1"
MAX_BATCH = 300
MAX_RETURN = 200
NEW_LEAD, CHANGE_DATA_VALUE, DELETE_LEAD = 12, 13, 37


def is_api_path(path: str) -> bool:
    return path.startswith(("/rest/", BULK + "/"))


def request_id() -> str:
    return f"{uuid.uuid4().hex[:4]}#{uuid.uuid4().hex[:11]}"


def success(**body) -> JSONResponse:
    return JSONResponse({"requestId": request_id(), "success": True, **body})


def failure(code: str, message: str) -> JSONResponse:
    """Marketo refuses inside an HTTP 200."""
    return JSONResponse({"requestId": request_id(), "success": False, "errors": [{"code": code, "message": message}]})


class BadParam(ValueError):
    pass


def api_routes(dataset: Dataset) -> list[Route]:
    leads_store = dataset["leads"]

    async def describe(request: Request) -> Response:
        return success(result=[{"id": i + 1, "displayName": display, "dataType": kind,
                                "rest": {"name": name, "readOnly": name in ("id", "createdAt", "updatedAt")}}
                               for i, (name, (display, kind)) in enumerate(marketo.LEAD_FIELDS.items())])

    async def leads(request: Request) -> Response:
        query = request.query_params
        if request.method == "POST":  # Marketo's way to send long filter lists: a form with _method=GET
            query = await request.form()
            if query.get("_method") != "GET":
                return failure("1003", "POST to leads.json reads leads only with _method=GET")
        if query.get("filterType") != "id":
            return failure("1003", "filterType other than id is not supported here" if query.get("filterType")
                           else "filterType not specified")
        try:
            wanted = [int(v) for v in query.get("filterValues", "").split(",") if v.strip()]
        except ValueError:
            return failure("1003", "filterValues must be lead ids")
        if not wanted or len(wanted) > MAX_BATCH:
            return failure("1003", f"filterValues takes 1 to {MAX_BATCH} values")
        fields = _fields(query.get("fields"))
        found = []
        for lead_id in wanted:
            index = marketo.index_of("leads", lead_id)
            if leads_store.exists(index) and not leads_store.record(index).deleted:
                found.append(_pick(marketo.lead(leads_store.record(index)), fields))
        return success(result=found)

    async def paging_token(request: Request) -> Response:
        try:
            since = _time(request.query_params.get("sinceDatetime"))
        except BadParam as exc:
            return failure("1003", str(exc))
        return success(nextPageToken=_token(since, -1))

    def activity_page(request: Request, deleted: bool) -> Response:
        query = request.query_params
        try:
            at, index = _untoken(query.get("nextPageToken", ""))
            batch = int(query.get("batchSize", str(MAX_BATCH)))
        except (BadParam, ValueError):
            return failure("1003", "Invalid nextPageToken or batchSize")
        if not deleted and not query.get("fields"):
            return failure("1003", "fields is required")
        # Like Marketo, a page looks at ``size`` changes of any kind and answers those of its type: a page may
        # be short, even empty, while ``moreResult`` is true.
        size = dataset.page_size("leads", max(1, min(batch, MAX_BATCH)))
        scanned = leads_store.modified_between(None, None, (at, index), size + 1, include_deleted=True)
        window, more = scanned[:size], len(scanned) > size
        last = window[-1] if window else None
        token = _token(last.modified_at, last.index) if last else query["nextPageToken"]
        result = [_deleted_activity(r) if deleted else _change_activity(r) for r in window if r.deleted == deleted]
        return success(nextPageToken=token, moreResult=more, **({"result": result} if result else {}))

    async def lead_changes(request: Request) -> Response:
        return activity_page(request, deleted=False)

    async def deleted_leads(request: Request) -> Response:
        return activity_page(request, deleted=True)

    async def programs(request: Request) -> Response:
        query = request.query_params
        try:
            offset = int(query.get("offset", "0"))
            max_return = int(query.get("maxReturn", "20"))
            earliest, latest = query.get("earliestUpdatedAt"), query.get("latestUpdatedAt")
            if (earliest is None) != (latest is None):
                raise BadParam("earliestUpdatedAt and latestUpdatedAt go together")
            since, until = (_time(earliest), _time(latest)) if earliest else (None, None)
        except (BadParam, ValueError) as exc:
            return failure("1003", str(exc) or "Invalid offset or maxReturn")
        if offset < 0 or not 1 <= max_return <= MAX_RETURN:
            return failure("1003", f"maxReturn must be between 1 and {MAX_RETURN}")
        store = dataset["programs"]
        records = store.by_index(-1, store.count)
        if since is not None:
            records = [r for r in records if since <= r.modified_at.replace(microsecond=0) <= until]
        size = dataset.page_size("programs", max_return)
        chunk = records[offset:offset + size]
        if not chunk:
            return success(warnings=["No assets found for the given search criteria."])
        return success(result=[marketo.program(r) for r in chunk])

    return [
        Route(f"{REST}/leads/describe.json", describe, methods=["GET"]),
        Route(f"{REST}/leads.json", leads, methods=["GET", "POST"]),
        Route(f"{REST}/activities/pagingtoken.json", paging_token, methods=["GET"]),
        Route(f"{REST}/activities/leadchanges.json", lead_changes, methods=["GET"]),
        Route(f"{REST}/activities/deletedleads.json", deleted_leads, methods=["GET"]),
        Route(f"{ASSET}/programs.json", programs, methods=["GET"]),
    ]


def _change_activity(record: Record) -> dict:
    kind = NEW_LEAD if record.version == 0 else CHANGE_DATA_VALUE
    fields = [] if kind == NEW_LEAD else [{"id": 31, "name": "lastName", "newValue": marketo.lead(record)["lastName"],
                                           "oldValue": None}]
    return {**_activity(record, kind), "fields": fields}


def _deleted_activity(record: Record) -> dict:
    return {**_activity(record, DELETE_LEAD), "primaryAttributeValue": str(record.index + 1)}


def _activity(record: Record, kind: int) -> dict:
    digest = hashlib.blake2b(f"{record.index}:{record.version}:{kind}".encode(), digest_size=6).digest()
    return {"id": int.from_bytes(digest, "big"), "marketoGUID": str(uuid.UUID(bytes=digest * 2 + digest[:4])),
            "leadId": record.index + 1, "activityDate": marketo.marketo_time(record.modified_at),
            "activityTypeId": kind, "attributes": []}


def _fields(value: str | None) -> list[str] | None:
    if not value:
        return None
    return ["id", *(f for f in value.split(",") if f and f != "id")]


def _pick(lead: dict, fields: list[str] | None) -> dict:
    return lead if fields is None else {name: lead.get(name) for name in fields}


def _time(value: str | None) -> datetime:
    if not value:
        raise BadParam("a date is required")
    return aware_time(value, lambda: BadParam(f"Invalid date {value}"),
                      lambda: BadParam("dates must carry a time zone"))


def _token(at: datetime, index: int) -> str:
    return base64.urlsafe_b64encode(f"{at.isoformat()}|{index}".encode()).decode().rstrip("=")


def _untoken(token: str) -> tuple[datetime, int]:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        at, index = text.split("|")
        return datetime.fromisoformat(at), int(index)
    except (ValueError, UnicodeDecodeError):
        raise BadParam("Invalid nextPageToken") from None
