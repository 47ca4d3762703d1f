"""Pipedrive's field lists: ``GET /v1/personFields``, ``/v1/organizationFields`` and ``/v1/dealFields``
(https://developers.pipedrive.com/docs/api/v1/PersonFields and the same for the others).

Each lists the entity's fields: the standard ones Pipedrive defines (short keys, ``edit_flag: false``) and
the company's custom ones (40-character hash keys, ``edit_flag: true``). Pages follow ``start`` and
``limit`` (at most 500) with ``additional_data.pagination``, as the v1 lists do.
"""

from __future__ import annotations

import hashlib

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from glue_emulators.oauth import OAuthServer
from glue_emulators.pipedrive import responses

FIELD_LISTS = {"personFields": "person", "organizationFields": "organization", "dealFields": "deal"}
MAX_LIMIT = 500
DEFAULT_LIMIT = 100
CREATED = "2023-11-02 08:00:00"

# (key, name, field_type) of the standard fields the emulated records carry.
STANDARD = {
    "person": (("name", "Name", "varchar"), ("first_name", "First name", "varchar"),
               ("last_name", "Last name", "varchar"), ("email", "Email", "varchar"), ("phone", "Phone", "phone"),
               ("org_id", "Organization", "org"), ("owner_id", "Owner", "user"),
               ("add_time", "Person created", "date"), ("update_time", "Update time", "date")),
    "organization": (("name", "Name", "varchar"), ("owner_id", "Owner", "user"), ("address", "Address", "address"),
                     ("add_time", "Organization created", "date"), ("update_time", "Update time", "date")),
    "deal": (("title", "Title", "varchar"), ("value", "Value", "monetary"), ("currency", "Currency", "varchar"),
             ("status", "Status", "status"), ("stage_id", "Stage", "stage"), ("pipeline_id", "Pipeline", "double"),
             ("person_id", "Contact person", "people"), ("org_id", "Organization", "org"),
             ("owner_id", "Owner", "user"), ("expected_close_date", "Expected close date", "date"),
             ("add_time", "Deal created", "date"), ("update_time", "Update time", "date")),
}
# (name, field_type, options) of the custom fields the emulated company created.
CUSTOM = {
    "person": (("Preferred language", "enum", ("English", "Estonian", "German")),
               ("LinkedIn profile", "varchar", ())),
    "organization": (("Industry segment", "enum", ("Software", "Retail", "Manufacturing")),),
    "deal": (("Contract length (months)", "double", ()), ("Renewal date", "date", ())),
}


def custom_key(entity: str, name: str) -> str:
    """Pipedrive keys a custom field by a 40-character hash."""
    return hashlib.sha1(f"{entity}:{name}".encode()).hexdigest()


def fields_of(entity: str) -> list[dict]:
    standard = [_field(entity, key, name, field_type, editable=False) for key, name, field_type in STANDARD[entity]]
    custom = [_field(entity, custom_key(entity, name), name, field_type, editable=True, options=options)
              for name, field_type, options in CUSTOM[entity]]
    return [field | {"id": number, "order_nr": number} for number, field in enumerate(standard + custom, start=1)]


def _field(entity: str, key: str, name: str, field_type: str, *, editable: bool, options=()) -> dict:
    field = {
        "key": key, "name": name, "field_type": field_type, "add_time": CREATED, "update_time": CREATED,
        "last_updated_by_user_id": 1 if editable else None, "active_flag": True, "edit_flag": editable,
        "index_visible_flag": True, "details_visible_flag": True, "add_visible_flag": True,
        "important_flag": False, "bulk_edit_allowed": True, "searchable_flag": False, "filtering_allowed": True,
        "sortable_flag": True, "mandatory_flag": key in ("name", "title"),
    }
    if options:
        field["options"] = [{"id": number, "label": label} for number, label in enumerate(options, start=1)]
    return field


def field_routes(oauth: OAuthServer) -> list[Route]:
    def listing(entity: str):
        async def answer(request: Request) -> Response:
            if not responses.bearer_accepted(request, oauth):
                return responses.unauthorized()
            try:
                start = int(request.query_params.get("start", "0"))
                limit = int(request.query_params.get("limit", str(DEFAULT_LIMIT)))
            except ValueError:
                return responses.bad_request("start and limit must be integers")
            if start < 0 or not 1 <= limit <= MAX_LIMIT:
                return responses.bad_request(f"start must not be negative; limit must be between 1 and {MAX_LIMIT}")
            every = fields_of(entity)
            page = every[start:start + limit]
            more = start + limit < len(every)
            pagination = {"start": start, "limit": limit, "more_items_in_collection": more}
            if more:
                pagination["next_start"] = start + limit
            return responses.success(page, {"pagination": pagination})

        return answer

    return [Route(f"{prefix}/{path}", listing(entity), methods=["GET"])
            for prefix in ("/v1", "/api/v1") for path, entity in FIELD_LISTS.items()]
