"""An emulator of the Salesforce REST API slice Glue uses, with OAuth and generated org data.

Follows Salesforce's public documentation:
- REST API Developer Guide: Query / QueryAll and their "more results" locators, sObject
  Describe, sObject Rows (a record by id, with ``fields``), Limits, the Query Options
  request header (batchSize 200..2000, default 2000), the Limit Info response header
  (``Sforce-Limit-Info: api-usage=N/M``) and the ``[{"message", "errorCode"}]`` error
  bodies, unknown routes included.
  https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/
- SOQL and SOSL Reference: dateTime literals in WHERE clauses.
- OAuth 2.0 web server flow with PKCE, refresh token flow and token revocation (Salesforce Help).

Routes: /services/oauth2/* (OAuth), /services/data/* (API), /_emulator/* (control).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from starlette.applications import Starlette
from starlette.types import ASGIApp

from glue_emulators.control import FaultMiddleware, control_routes
from glue_emulators.dataset import Dataset, Record
from glue_emulators.faults import Faults
from glue_emulators.oauth import OAuthServer
from glue_emulators.salesforce.api import api_routes
from glue_emulators.salesforce.catalog import Catalog
from glue_emulators.salesforce.errors import render_fault, route_error
from glue_emulators.salesforce.ids import record_id
from glue_emulators.salesforce.oauth_routes import oauth_routes
from glue_emulators.salesforce.query import QueryEngine
from glue_emulators.salesforce.records import RecordRenderer
from glue_emulators.salesforce.usage import ApiUsage, UsageMiddleware, is_api_path
from glue_emulators.wire import route_error_handlers

DEFAULT_COUNTS = {"Account": 500, "Contact": 1500, "Lead": 800, "Opportunity": 600, "User": 25, "Project__c": 200}
ORG_ID = record_id("00D", 1)
CONTROL_API_VERSION = "v60.0"  # the version in the attributes.url of records the control API shows


@dataclass
class Emulator:
    app: ASGIApp
    dataset: Dataset
    faults: Faults
    oauth: OAuthServer
    usage: ApiUsage
    catalog: Catalog


def create_emulator(counts: dict[str, int] | None = None) -> Emulator:
    """``counts``: records per object; standard names or any custom ``Name__c``."""
    counts = dict(DEFAULT_COUNTS if counts is None else counts)
    catalog = Catalog(counts)
    dataset = Dataset(counts)
    faults = Faults()
    oauth = OAuthServer(account_id=ORG_ID)
    usage = ApiUsage()
    renderer = RecordRenderer(catalog, dataset)
    routes = [
        *oauth_routes(oauth, ORG_ID, renderer.remote_id("User", 0)),
        *api_routes(catalog, oauth, usage, renderer, QueryEngine(dataset)),
        *control_routes(dataset, faults, oauth, renderer.remote_id, partial(_render, catalog, renderer)),
    ]
    app = Starlette(routes=routes, exception_handlers=route_error_handlers(route_error))
    # Usage wraps faults: injected 429/503/401 answers carry Sforce-Limit-Info too.
    wrapped = UsageMiddleware(FaultMiddleware(app, faults, is_api_path, render_fault), usage)
    return Emulator(app=wrapped, dataset=dataset, faults=faults, oauth=oauth, usage=usage, catalog=catalog)


def _render(catalog: Catalog, renderer: RecordRenderer, name: str, record: Record) -> dict:
    """A record with every field, as a query selecting them all answers it."""
    sobject = catalog.get(name)
    return renderer.render(sobject, record, sobject.fields, CONTROL_API_VERSION)
