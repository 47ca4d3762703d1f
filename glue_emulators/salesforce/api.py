"""REST API routes under /services/data: versions, limits, describe, records by id, query and queryAll."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from glue_emulators.oauth import OAuthServer
from glue_emulators.salesforce.catalog import Catalog
from glue_emulators.salesforce.describe import describe_global, describe_sobject
from glue_emulators.salesforce.errors import invalid_session, not_found, sf_error
from glue_emulators.salesforce.ids import index_of
from glue_emulators.salesforce.query import Page, QueryEngine, batch_size
from glue_emulators.salesforce.records import RecordRenderer
from glue_emulators.salesforce.soql import SoqlError, parse
from glue_emulators.salesforce.usage import ApiUsage

SUPPORTED_VERSIONS = range(31, 67)  # v31.0 .. v66.0
RELEASES = {58: "Summer '23", 59: "Winter '24", 60: "Spring '24", 61: "Summer '24", 62: "Winter '25"}

Handler = Callable[[Request], Awaitable[Response]]


def api_routes(catalog: Catalog, oauth: OAuthServer, usage: ApiUsage, renderer: RecordRenderer,
               engine: QueryEngine) -> list[Route]:

    def authenticated(handler: Handler) -> Handler:
        """Bearer token and a known API version, as every resource below the versions list needs."""

        async def guarded(request: Request) -> Response:
            scheme, _, token = request.headers.get("authorization", "").partition(" ")
            if scheme.lower() not in ("bearer", "oauth") or oauth.grant_for(token.strip()) is None:
                return invalid_session()
            match = re.fullmatch(r"v(\d+)\.0", request.path_params["version"])
            if match is None or int(match[1]) not in SUPPORTED_VERSIONS:
                return not_found()
            return await handler(request)

        return guarded

    async def versions(request: Request) -> Response:
        return JSONResponse([
            {"label": RELEASES.get(n, f"Release {n}"), "url": f"/services/data/v{n}.0", "version": f"{n}.0"}
            for n in SUPPORTED_VERSIONS
        ])

    async def resources(request: Request) -> Response:
        base = f"/services/data/{request.path_params['version']}"
        return JSONResponse({name: f"{base}/{name}" for name in ("limits", "query", "queryAll", "sobjects")})

    async def limits(request: Request) -> Response:
        return JSONResponse({
            "DailyApiRequests": {"Max": usage.max, "Remaining": usage.remaining},
            "DailyBulkV2QueryJobs": {"Max": 10000, "Remaining": 10000},
            "DataStorageMB": {"Max": 5120, "Remaining": 5120},
            "FileStorageMB": {"Max": 20480, "Remaining": 20480},
        })

    async def sobjects(request: Request) -> Response:
        return JSONResponse(describe_global(catalog, request.path_params["version"]))

    async def describe(request: Request) -> Response:
        sobject = catalog.get(request.path_params["sobject"])
        if sobject is None:
            return not_found()
        return JSONResponse(describe_sobject(sobject, request.path_params["version"]))

    async def record(request: Request) -> Response:
        """One record by id: every field, or those the ``fields`` parameter names; deleted ones are gone."""
        sobject = catalog.get(request.path_params["sobject"])
        if sobject is None:
            return not_found()
        index = index_of(sobject.key_prefix, request.path_params["record_id"])
        store = renderer.dataset[sobject.name]
        if index is None or not store.exists(index) or store.record(index).deleted:
            return not_found()
        fields = list(sobject.fields)
        if request.query_params.get("fields"):
            names = [name.strip() for name in request.query_params["fields"].split(",") if name.strip()]
            unknown = [name for name in names if sobject.field(name) is None]
            if unknown:
                return sf_error(400, "INVALID_FIELD",
                                f"No such column '{unknown[0]}' on sobject of type {sobject.name}")
            fields = [sobject.field(name) for name in dict.fromkeys(names)]
        return JSONResponse(renderer.render(sobject, store.record(index), fields, request.path_params["version"]))

    def query(include_deleted: bool) -> Handler:
        """Query, or QueryAll, which also returns deleted records (IsDeleted = true)."""

        async def run(request: Request) -> Response:
            soql = request.query_params.get("q")
            if not soql:
                return sf_error(400, "MALFORMED_QUERY", "A query string has to be specified")
            try:
                parsed = parse(soql, catalog)
            except SoqlError as exc:
                return sf_error(400, exc.error_code, exc.message)
            page = engine.start(parsed, include_deleted, batch_size(request.headers.get("sforce-query-options")))
            return _page_response(request, page)

        return run

    async def query_more(request: Request) -> Response:
        page = engine.more(request.path_params["locator"])
        if page is None:
            return sf_error(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
        return _page_response(request, page)

    def _page_response(request: Request, page: Page) -> Response:
        version = request.path_params["version"]
        sobject, fields = page.query.sobject, page.query.fields
        body = {
            "totalSize": page.total,
            "done": page.locator is None,
            "records": [renderer.render(sobject, r, fields, version) for r in page.records],
        }
        if page.locator is not None:
            # Also for queryAll: its nextRecordsUrl says "query", as the docs point out.
            body["nextRecordsUrl"] = f"/services/data/{version}/query/{page.locator}"
        return JSONResponse(body)

    routes = [Route("/services/data", versions), Route("/services/data/", versions)]
    for path, handler in (
        ("/services/data/{version}", resources),
        ("/services/data/{version}/limits", limits),
        ("/services/data/{version}/sobjects", sobjects),
        ("/services/data/{version}/sobjects/{sobject}/describe", describe),
        ("/services/data/{version}/sobjects/{sobject}/{record_id}", record),
        ("/services/data/{version}/query", query(include_deleted=False)),
        ("/services/data/{version}/queryAll", query(include_deleted=True)),
        ("/services/data/{version}/query/{locator}", query_more),
        ("/services/data/{version}/queryAll/{locator}", query_more),
    ):
        # Salesforce answers with and without the trailing slash; a redirect would not be followed.
        routes += [Route(path, authenticated(handler)), Route(path + "/", authenticated(handler))]
    return routes
