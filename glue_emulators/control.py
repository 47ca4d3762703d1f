"""The emulators' own control API (under /_emulator): seed, change upstream data, inject faults.

Tests, benchmarks and the sandbox drive an emulator through these routes; they are
not part of any provider's API.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from glue_emulators.dataset import Dataset, Record
from glue_emulators.faults import Faults
from glue_emulators.oauth import OAuthServer

CONTROL_PREFIX = "/_emulator"


def control_routes(
    dataset: Dataset, faults: Faults, oauth: OAuthServer, remote_id: Callable[[str, int], str],
    render: Callable[[str, Record], dict] | None = None,
) -> list[Route]:
    """``remote_id(object, index)`` is how the provider spells a record's id; ``render(object, record)``
    is a record as the provider's API shows it (what ``/records/{object}?fields=true`` answers)."""
    return [*dataset_routes(dataset, remote_id, render), *_fault_routes(faults), *oauth_control_routes(oauth)]


def dataset_routes(
    dataset: Dataset, remote_id: Callable[[str, int], str], render: Callable[[str, Record], dict] | None = None,
) -> list[Route]:
    """Upstream changes, live records and paging: what every emulator with generated records serves,
    whatever its provider's authentication."""

    async def change(request: Request) -> Response:
        body = await request.json()
        store = dataset[body["object"]]
        indices = body.get("indices")
        if indices is None:
            indices = store.spread(float(body.get("fraction", 0)))
        action = request.path_params["action"]
        if action == "update":
            store.update(indices)
        elif action == "delete":
            store.delete(indices)
        elif action == "create":
            indices = store.create(int(body["count"]))
        else:
            return JSONResponse({"error": f"unknown action {action}"}, status_code=404)
        return JSONResponse({"ids": [remote_id(store.name, i) for i in indices]})

    async def records(request: Request) -> Response:
        """Every live record's id and version: what a complete sync must end with."""
        store = dataset[request.path_params["object"]]
        live_records = store.by_index(-1, store.count)
        live = {remote_id(store.name, r.index): r.version for r in live_records}
        body: dict = {"count": len(live), "records": live}
        if request.query_params.get("fields") == "true":
            if render is None:
                return JSONResponse({"error": "this emulator does not render records here"}, status_code=404)
            body["fields"] = {remote_id(store.name, r.index): render(store.name, r) for r in live_records}
        return JSONResponse(body)

    async def paging(request: Request) -> Response:
        """POST {"max_page_size": n, "spacing_seconds": s}: shorter pages, records further apart in time."""
        if request.method == "POST":
            body = await request.json()
            if "spacing_seconds" in body:
                try:
                    dataset.respace(timedelta(seconds=float(body["spacing_seconds"])))
                except ValueError as exc:
                    return JSONResponse({"error": str(exc)}, status_code=409)
            if "max_page_size" in body:
                dataset.max_page_size = max(0, int(body["max_page_size"]))
        return JSONResponse({"max_page_size": dataset.max_page_size, "pages_cut": dict(dataset.pages_cut)})

    return [
        Route(f"{CONTROL_PREFIX}/changes/{{action}}", change, methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/records/{{object}}", records, methods=["GET"]),
        Route(f"{CONTROL_PREFIX}/dataset", paging, methods=["GET", "POST"]),
    ]


def _fault_routes(faults: Faults) -> list[Route]:
    async def set_faults(request: Request) -> Response:
        faults.configure(**await request.json())
        return JSONResponse(faults.report())

    async def fault_report(request: Request) -> Response:
        return JSONResponse(faults.report())

    return [
        Route(f"{CONTROL_PREFIX}/faults", set_faults, methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/faults", fault_report, methods=["GET"]),
    ]


def oauth_control_routes(oauth: OAuthServer) -> list[Route]:
    async def expire_tokens(request: Request) -> Response:
        """The provider ends every session early: access tokens stop working, refresh tokens still do."""
        oauth.expire_access_tokens()
        return JSONResponse({"expired": True})

    async def tokens(request: Request) -> Response:
        body = await request.json() if await request.body() else {}
        return JSONResponse(
            oauth.mint(body.get("client_id", "emulator-client"), body.get("scopes"), body.get("refresh_token"))
        )

    async def revoke_all(request: Request) -> Response:
        oauth.revoke_all()
        return JSONResponse({"revoked": True})

    async def clients(request: Request) -> Response:
        body = await request.json()
        oauth.register_client(body["client_id"], body["client_secret"])
        return JSONResponse({"registered": body["client_id"]})

    return [
        Route(f"{CONTROL_PREFIX}/tokens", tokens, methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/tokens/revoke_all", revoke_all, methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/tokens/expire", expire_tokens, methods=["POST"]),
        Route(f"{CONTROL_PREFIX}/clients", clients, methods=["POST"]),
    ]


class FaultMiddleware:
    """Answers API requests (not control or OAuth routes) with the configured faults."""

    def __init__(
        self, app: ASGIApp, faults: Faults, is_api_path: Callable[[str], bool], render: Callable[[str, Faults], Response]
    ):
        self.app = app
        self.faults = faults
        self.is_api_path = is_api_path
        self.render = render  # the provider's own error body for each fault

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.is_api_path(scope["path"]):
            fault = self.faults.next_fault()
            if fault is not None:
                await self.render(fault, self.faults)(scope, receive, send)
                return
        await self.app(scope, receive, send)
