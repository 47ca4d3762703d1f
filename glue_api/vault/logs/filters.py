"""The spec's LogsFilter, sent as a deepObject query: ``filter[status_code]=500&filter[connector_id]=crm+hubspot``."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import QueryParams

from glue_api.errors import BadRequest
from glue_api.numbers import whole_number_in

MAX_FILTER_LENGTH = 255


@dataclass(frozen=True)
class LogsFilter:
    connector_id: str | None = None  # "crm+hubspot", or a bare service id
    status_code: int | None = None
    exclude_unified_apis: tuple[str, ...] = ()

    @property
    def connector(self) -> tuple[str | None, str]:
        """(unified_api or None, service_id)."""
        unified_api, plus, service_id = (self.connector_id or "").partition("+")
        return (unified_api, service_id) if plus else (None, unified_api)


def logs_filter_from(query: QueryParams) -> LogsFilter:
    values = {name: query.get(f"filter[{name}]") for name in ("connector_id", "status_code", "exclude_unified_apis")}
    for name, value in values.items():
        if value is not None and len(value) > MAX_FILTER_LENGTH:
            raise BadRequest(f"filter[{name}] is longer than {MAX_FILTER_LENGTH} characters.")
    status_code = None if values["status_code"] is None else whole_number_in(values["status_code"], 100, 599)
    if values["status_code"] is not None and status_code is None:
        raise BadRequest("filter[status_code] must be an HTTP status code (100 to 599).")
    excluded = tuple(api.strip() for api in (values["exclude_unified_apis"] or "").split(",") if api.strip())
    return LogsFilter(
        connector_id=values["connector_id"] or None,
        status_code=status_code,
        exclude_unified_apis=excluded,
    )
