"""Pipedrive's reads by id.

- ``GET /api/v2/{persons|organizations|deals}/{id}``: the record as the v2 list shows it; a
  deleted one stays readable (``is_deleted: true``) for the 30 days Pipedrive keeps it.
- ``GET /v1/leads/{id}`` (UUID): live leads only; ``GET /v1/users/{id}`` and ``GET /v1/users/me``
  (the user the token belongs to: the company's creator here).

An unknown id answers 404 in Pipedrive's error body.
"""

from __future__ import annotations

from datetime import datetime, timezone

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from glue_emulators.dataset import Dataset, Record
from glue_emulators.oauth import OAuthServer
from glue_emulators.pipedrive import responses
from glue_emulators.pipedrive.listing import DELETED_KEPT_FOR
from glue_emulators.pipedrive.render import Renderer, remote_id

SINGULAR = {"persons": "Person", "organizations": "Organization", "deals": "Deal", "leads": "Lead", "users": "User"}


def read_routes(dataset: Dataset, oauth: OAuthServer, v2_objects: tuple[str, ...]) -> list[Route]:
    render = Renderer(dataset)
    lead_indices: dict[str, int] = {}  # UUID -> index: lead ids cannot be decoded, so they are learnt once

    def lead_index(wanted_id: str) -> int | None:
        store = dataset["leads"]
        for index in range(len(lead_indices), store.count):
            lead_indices[remote_id("leads", index)] = index
        return lead_indices.get(wanted_id)

    def find(object_name: str, wanted_id: str) -> Record | None:
        """The record the API spells ``wanted_id``: numeric ids count from 1, leads are UUIDs."""
        store = dataset[object_name]
        if object_name == "leads":
            index = lead_index(wanted_id)
        else:
            index = int(wanted_id) - 1 if wanted_id.isdigit() else None
        if index is None or not store.exists(index):
            return None
        return store.record(index)

    def answer(object_name: str, wanted_id: str, readable) -> Response:
        record = find(object_name, wanted_id)
        if record is None or not readable(record):
            return responses.error(404, f"{SINGULAR[object_name]} not found")
        return responses.success(render(object_name, record))

    def guarded(object_name: str, readable):
        async def read(request: Request) -> Response:
            if not responses.bearer_accepted(request, oauth):
                return responses.unauthorized()
            return answer(object_name, request.path_params["id"], readable)

        return read

    def within_retention(record: Record) -> bool:
        return not record.deleted or record.modified_at >= datetime.now(timezone.utc) - DELETED_KEPT_FOR

    async def me(request: Request) -> Response:
        if not responses.bearer_accepted(request, oauth):
            return responses.unauthorized()
        return answer("users", "1", lambda record: True)

    routes = [Route(f"/api/v2/{name}/{{id}}", guarded(name, within_retention), methods=["GET"])
              for name in v2_objects if name in dataset.objects]
    for prefix in ("/v1", "/api/v1"):
        routes += [
            Route(f"{prefix}/users/me", me, methods=["GET"]),
            Route(f"{prefix}/users/{{id}}", guarded("users", lambda record: True), methods=["GET"]),
            Route(f"{prefix}/leads/{{id}}", guarded("leads", lambda record: not record.deleted), methods=["GET"]),
        ]
    return routes
