"""The slice of Dataverse's Web API (``/api/data/v9.2``) that Dynamics 365 Sales syncs read.

- ``GET /api/data/v9.2/{accounts|contacts|leads|opportunities|systemusers}``: OData lists (see
  odata.py), ordered by ``modifiedon``; ``Prefer: odata.include-annotations="..."`` adds choice labels
  (``...@OData.Community.Display.V1.FormattedValue``) and lookups' tables
  (``...@Microsoft.Dynamics.CRM.lookuplogicalname``); the answer is ``{"@odata.context", "value": [...],
  "@odata.nextLink"?}``, the link absent on the last page. Deleted rows are simply gone, but for
  change tracking (``Prefer: odata.track-changes``, ``$deltatoken``: see tracking.py).
- ``GET /api/data/v9.2/WhoAmI``: the signed-in user (``UserId``), business unit and organisation;
  ``GET /api/data/v9.2/systemusers(<id>)`` reads one user.
- ``GET /api/data/v9.2/EntityDefinitions(LogicalName='new_project')``: a table's ``EntitySetName`` and
  ``PrimaryIdAttribute`` (the customer's own tables too: ``new_projects``);
  ``GET /api/data/v9.2/EntityDefinitions(LogicalName='account')/Attributes``: column metadata,
  ``$filter=IsCustomAttribute eq true`` for the customer's own columns.

Every call needs ``Authorization: Bearer <access token>`` issued for this organisation.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.dataset import Dataset
from glue_emulators.ms_dynamics_365_sales import errors, odata
from glue_emulators.ms_dynamics_365_sales.render import (
    BUSINESS_UNIT_ID, BY_ENTITY_SET, ORGANIZATION_ID, TABLES, Renderer, annotate, remote_id,
)
from glue_emulators.ms_dynamics_365_sales.tracking import (
    NOT_TRACKED, UNSUPPORTED_WITH_TRACKING, ChangeTracking, TokenRefused,
)
from glue_emulators.oauth import OAuthServer

API_ROOT = "/api/data/v9.2"
INCLUDE_ANNOTATIONS = re.compile(r'odata\.include-annotations\s*=\s*"([^"]*)"')
JSON = "application/json; odata.metadata=minimal"
TRACK_CHANGES = "odata.track-changes"

# (LogicalName, SchemaName, AttributeType, label, IsCustomAttribute) per table.
ATTRIBUTES = {
    "account": [("name", "Name", "String", "Account Name", False),
                ("new_tier", "new_Tier", "Picklist", "Tier", True)],
    "contact": [("fullname", "FullName", "String", "Full Name", False),
                ("new_preferredchannel", "new_PreferredChannel", "String", "Preferred channel", True)],
    "lead": [("subject", "Subject", "String", "Topic", False)],
    "opportunity": [("name", "Name", "String", "Topic", False)],
    "systemuser": [("fullname", "FullName", "String", "Full Name", False)],
    "new_project": [("new_name", "new_Name", "String", "Name", True),
                    ("new_budget", "new_Budget", "Money", "Budget", True)],
}


def base_of(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}{API_ROOT}"


def is_api_path(path: str) -> bool:
    return path.startswith(API_ROOT + "/")


def api_routes(dataset: Dataset, oauth: OAuthServer, tracking: ChangeTracking) -> list[Route]:
    render = Renderer(dataset)

    def grant(request: Request):
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return oauth.grant_for(token) if scheme.lower() == "bearer" and token else None

    async def entity_set(request: Request) -> Response:
        if grant(request) is None:
            return errors.unauthorized()
        table = BY_ENTITY_SET[request.url.path.rsplit("/", 1)[-1]]
        prefer = request.headers.get("prefer", "")
        try:
            query = odata.parse(request.query_params, prefer)
        except odata.QueryError as exc:
            return errors.odata_error(400, errors.NOT_FOUND, str(exc))
        delta_token = request.query_params.get("$deltatoken")
        tracked = delta_token is not None or query.tracking_mark is not None or TRACK_CHANGES in prefer
        since = None
        if tracked:
            if table.logical_name not in tracking.tracked:
                return errors.odata_error(400, NOT_TRACKED,
                                          f"Change tracking is not enabled for the entity '{table.logical_name}'.")
            refused = [name for name in UNSUPPORTED_WITH_TRACKING if name in request.query_params]
            if refused:
                return errors.odata_error(400, errors.NOT_FOUND, f'The "{refused[0]}" query parameter isn\'t '
                                          "supported when Change Tracking is enabled.")
            if delta_token is not None:
                try:
                    since = tracking.since(delta_token)
                except TokenRefused as exc:
                    return errors.odata_error(400, exc.code, str(exc))
        mark = (query.tracking_mark or tracking.mark()) if tracked else None
        store = dataset[table.logical_name]
        size = dataset.page_size(table.logical_name, query.page_size)
        if since is not None:  # a delta: what changed after the token's instant, deletions included
            found = store.modified_between(since, None, query.after, size + 1, include_deleted=True)
        else:
            found = store.modified_between(query.since, query.until, query.after, size + 1)
        page, more = found[:size], len(found) > size
        columns = query.select
        rows = []
        annotations = INCLUDE_ANNOTATIONS.search(prefer)
        base = base_of(request)
        for record in page:
            if record.deleted:
                rows.append({"@odata.context": f"{base}/$metadata#{table.entity_set}/$deletedEntity",
                             "id": remote_id(table.logical_name, record.index), "reason": "deleted"})
                continue
            row = render(table.logical_name, record)
            if columns is not None:
                row = {k: v for k, v in row.items() if k in columns or k in ("@odata.etag", table.primary_key)}
            rows.append(annotate(table.logical_name, row, annotations.group(1)) if annotations else row)
        selected = f"({','.join(columns)})" if columns else ""
        delta = "/$delta" if delta_token is not None else ""
        body = {"@odata.context": f"{base}/$metadata#{table.entity_set}{selected}{delta}", "value": rows}
        if more:
            last = page[-1]
            params = dict(request.query_params) | {"$skiptoken": odata.skiptoken(
                query.page_number + 1, (last.modified_at, last.index), mark)}
            body["@odata.nextLink"] = str(request.url.replace_query_params(**params))
        elif tracked:  # the last page: the link to what changes from the read's start on
            params = {k: v for k, v in request.query_params.items() if k != "$skiptoken"}
            body["@odata.deltaLink"] = str(request.url.replace_query_params(
                **params | {"$deltatoken": tracking.token(mark)}))
        applied = [f"odata.maxpagesize={query.page_size}"] if "odata.maxpagesize" in prefer else []
        if TRACK_CHANGES in prefer and tracked:
            applied.append(TRACK_CHANGES)
        preference = {"Preference-Applied": ",".join(applied)} if applied else {}
        return JSONResponse(body, headers={"OData-Version": "4.0", **preference}, media_type=JSON)

    async def who_am_i(request: Request) -> Response:
        if grant(request) is None:
            return errors.unauthorized()
        base = base_of(request)
        return JSONResponse({
            "@odata.context": f"{base}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse",
            "BusinessUnitId": BUSINESS_UNIT_ID, "UserId": remote_id("systemuser", 0), "OrganizationId": ORGANIZATION_ID,
        }, headers={"OData-Version": "4.0"}, media_type=JSON)

    async def one_user(request: Request) -> Response:
        if grant(request) is None:
            return errors.unauthorized()
        key = request.path_params["key"]
        store = dataset["systemuser"]
        for record in store.by_index(-1, store.count):
            if remote_id("systemuser", record.index) == key:
                row = render("systemuser", record)
                if "$select" in request.query_params:
                    wanted = set(request.query_params["$select"].split(","))
                    row = {k: v for k, v in row.items() if k in wanted or k in ("@odata.etag", "systemuserid")}
                return JSONResponse(row, headers={"OData-Version": "4.0"}, media_type=JSON)
        return errors.odata_error(404, "0x80040217", f"systemuser With Id = {key} Does Not Exist")

    async def entity_definition(request: Request) -> Response:
        if grant(request) is None:
            return errors.unauthorized()
        key = request.path_params["key"]
        table = TABLES.get(key.removeprefix("LogicalName='").removesuffix("'"))
        if table is None or not key.startswith("LogicalName='"):
            return errors.odata_error(404, "0x80040217", f"Could not find an entity with key {key}.")
        return JSONResponse({
            "@odata.context": f"{base_of(request)}/$metadata#EntityDefinitions/$entity",
            "LogicalName": table.logical_name, "EntitySetName": table.entity_set,
            "PrimaryIdAttribute": table.primary_key, "IsCustomEntity": table.custom,
            "ChangeTrackingEnabled": table.logical_name in tracking.tracked,
            "MetadataId": remote_id("entity", list(TABLES).index(table.logical_name)),
        }, headers={"OData-Version": "4.0"}, media_type=JSON)

    async def attributes(request: Request) -> Response:
        if grant(request) is None:
            return errors.unauthorized()
        key = request.path_params["key"]
        logical_name = key.removeprefix("LogicalName='").removesuffix("'")
        if logical_name not in TABLES or not key.startswith("LogicalName='"):
            return errors.odata_error(404, "0x80040217", f"Could not find an entity with key {key}.")
        wanted = request.query_params.get("$filter", "").replace(" ", "").lower()
        rows = []
        for name, schema, kind, label, custom in ATTRIBUTES[logical_name]:
            if wanted == "iscustomattribute eq true".replace(" ", "") and not custom:
                continue
            rows.append({
                "LogicalName": name, "SchemaName": schema, "AttributeType": kind, "IsCustomAttribute": custom,
                "MetadataId": remote_id(f"attribute:{logical_name}", len(rows)),
                "DisplayName": {"UserLocalizedLabel": {"Label": label, "LanguageCode": 1033},
                                "LocalizedLabels": [{"Label": label, "LanguageCode": 1033}]},
                "Description": {"UserLocalizedLabel": {"Label": f"{label} of the {logical_name}", "LanguageCode": 1033},
                                "LocalizedLabels": []},
            })
        return JSONResponse({"value": rows}, headers={"OData-Version": "4.0"}, media_type=JSON)

    return [
        *(Route(f"{API_ROOT}/{t.entity_set}", entity_set, methods=["GET"]) for t in TABLES.values()),
        Route(f"{API_ROOT}/WhoAmI", who_am_i, methods=["GET"]),
        Route(f"{API_ROOT}/WhoAmI()", who_am_i, methods=["GET"]),
        Route(f"{API_ROOT}/systemusers({{key}})", one_user, methods=["GET"]),
        Route(f"{API_ROOT}/EntityDefinitions({{key}})", entity_definition, methods=["GET"]),
        Route(f"{API_ROOT}/EntityDefinitions({{key}})/Attributes", attributes, methods=["GET"]),
    ]
