"""Example CRM's emulator: ``GET /v1/{object}`` lists generated records to a caller with the API key."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

API_KEY = "example-key"


class ExampleEmulator:
    def __init__(self, counts: dict[str, int]):
        self.records = {
            name: [{"id": f"{name[0]}-{i}", "name": f"{name} {i}", "updated_at": "2024-05-21T16:40:12Z"}
                   for i in range(1, count + 1)]
            for name, count in counts.items()
        }
        self.app = Starlette(routes=[Route("/v1/{object}", self._list)])

    async def _list(self, request: Request) -> JSONResponse:
        if request.headers.get("x-api-key") != API_KEY:
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        records = self.records.get(request.path_params["object"])
        if records is None:
            return JSONResponse({"error": "not found"}, status_code=404)
        return JSONResponse({"data": records})


def create_emulator(counts: dict[str, int] | None = None) -> ExampleEmulator:
    return ExampleEmulator(counts or {"widgets": 1})
