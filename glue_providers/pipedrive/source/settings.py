"""Which Pipedrive endpoint serves each object, and how it pages, filters and shows deletions."""

from __future__ import annotations

from dataclasses import dataclass

API_REFERENCE = "https://developers.pipedrive.com/docs/api/v1"
DEFAULT_BASE_URL = "https://api.pipedrive.com"
DEFAULT_OBJECTS = ("persons", "organizations", "deals", "leads", "users")
MAX_PAGE_SIZE = 500  # the largest ``limit`` Pipedrive accepts

CURSOR = "cursor"  # API v2: ``cursor``/``limit``, ``additional_data.next_cursor``
OFFSET = "offset"  # API v1: ``start``/``limit``, ``more_items_in_collection``
WHOLE_LIST = "whole_list"  # one unpaginated answer


@dataclass(frozen=True)
class ObjectEndpoint:
    path: str
    paging: str
    modified_field: str  # the record's last-modified time
    server_time_filter: bool  # takes ``updated_since``; otherwise filtered here
    deleted_status: str | None = None  # ``status`` value that lists deleted records, if any


ENDPOINTS: dict[str, ObjectEndpoint] = {
    # Persons and organizations cannot be listed once deleted: full syncs catch their deletions.
    "persons": ObjectEndpoint("/api/v2/persons", CURSOR, "update_time", server_time_filter=True),
    "organizations": ObjectEndpoint("/api/v2/organizations", CURSOR, "update_time", server_time_filter=True),
    # status=deleted lists deals deleted in the last 30 days.
    "deals": ObjectEndpoint("/api/v2/deals", CURSOR, "update_time", server_time_filter=True, deleted_status="deleted"),
    # Leads are deleted for good: full syncs catch their deletions.
    "leads": ObjectEndpoint("/v1/leads", OFFSET, "update_time", server_time_filter=False),
    # Users are never removed from the list; deleted ones carry is_deleted.
    "users": ObjectEndpoint("/v1/users", WHOLE_LIST, "modified", server_time_filter=False),
}
