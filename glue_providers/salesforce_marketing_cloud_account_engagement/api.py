"""What Glue's Account Engagement (formerly Pardot) readers share: API v5's paths, the fields Glue asks for,
the business unit header, and how an error answer reads.

From Account Engagement's reference (https://developer.salesforce.com/docs/marketing/pardot/guide/):
- "Version 5 Overview": queries are ``GET /api/v5/objects/{object}`` with ``fields`` (required, comma
  separated), ``limit`` (at most 1000, 200 by default), ``orderBy`` (comma separated, ``ASC``/``DESC``) and
  ``deleted`` (``true``/``false``/``all``, for objects that go to the recycle bin).
- "Authentication": every request carries the Salesforce OAuth access token and the business unit in the
  ``Pardot-Business-Unit-Id`` header; a business unit id begins with ``0Uv`` and is 18 characters long;
  production accounts are on ``pi.pardot.com``, developer orgs and sandboxes on ``pi.demo.pardot.com``.
- "Error Codes and Messages": version 5 errors are a JSON object with a numeric ``code`` and a ``message``.
Written from memory, not found in the stored reference: the ``nextPageToken``/``nextPageUrl`` members of a
query's answer, the ``updatedAtAfterOrEqualTo`` filter, codes 66 (too many concurrent requests) and 122 (daily
API limit met) answered with status 429, and which objects filter by ``updatedAt`` (campaigns and forms do not).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import httpx

from glue_providers.http import retry_after_seconds

API = "/api/v5/objects"
BUSINESS_UNIT_HEADER = "Pardot-Business-Unit-Id"
BUSINESS_UNIT_SETTING = "business_unit_id"
# 18 characters as Salesforce Setup shows it; the 15-character form of the same id is accepted too.
BUSINESS_UNIT_PATTERN = re.compile(r"0Uv[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?")
MAX_LIMIT = 1000
DAILY_LIMIT_CODE = 122
CONCURRENCY_CODE = 66

# The standard fields Glue reads of each object (v5 names); prospects also get the account's custom fields.
FIELDS = {
    "prospects": ("id", "email", "firstName", "lastName", "company", "jobTitle", "phone", "city", "country",
                  "score", "grade", "campaignId", "assignedUserId", "optedOut", "salesforceId", "isDeleted",
                  "lastActivityAt", "createdAt", "updatedAt"),
    "visitors": ("id", "prospectId", "pageViewCount", "ipAddress", "hostname", "campaignParameter",
                 "mediumParameter", "sourceParameter", "isIdentified", "createdAt", "updatedAt"),
    "visitor_activity": ("id", "type", "typeName", "prospectId", "visitorId", "campaignId", "formId", "details",
                           "createdAt", "updatedAt"),
    "campaigns": ("id", "name", "cost", "folderId", "salesforceId", "isDeleted", "createdAt", "updatedAt"),
    "forms": ("id", "name", "campaignId", "folderId", "embedCode", "isDeleted", "createdAt", "updatedAt"),
}
OBJECTS = tuple(FIELDS)
# The API's paths. Glue's name for visitor activities fits a warehouse table name: PostgreSQL keeps 63
# characters, and the table is named after the provider and the object.
PATHS = {name: name for name in OBJECTS} | {"visitor_activity": "visitor-activities"}
# Queried by id only: read in full every run.
FULL_ONLY = frozenset({"campaigns", "forms"})
# Objects that go to the recycle bin: an incremental read asks for deleted ones too (``deleted=all``).
RECYCLED = frozenset({"prospects"})


def business_unit_id(settings: dict) -> str:
    """The connection's business unit id, checked (the message never echoes what was typed)."""
    value = str(settings.get(BUSINESS_UNIT_SETTING) or "").strip()
    if not value:
        raise ValueError("the connection has no Account Engagement business unit id (its business_unit_id setting)")
    if not BUSINESS_UNIT_PATTERN.fullmatch(value):
        raise ValueError("the connection's business unit id is not an Account Engagement business unit id "
                         "(18 characters beginning with 0Uv)")
    return value


def error_code(response: httpx.Response) -> int | None:
    try:
        body = response.json()
    except ValueError:
        return None
    code = body.get("code") if isinstance(body, dict) else None
    return code if isinstance(code, int) else None


def retry_after(response: httpx.Response, now: datetime | None = None) -> float | None:
    """Retry-After when sent; for a spent daily allowance (code 122), which names no time, the next UTC
    midnight (Glue's assumption: the reference does not say when the day turns); else None (back off)."""
    seconds = retry_after_seconds(response)
    if seconds is not None or error_code(response) != DAILY_LIMIT_CODE:
        return seconds
    now = now or datetime.now(timezone.utc)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight - now).total_seconds()


def parse_time(value: str | None) -> datetime | None:
    """Account Engagement's times (ISO 8601 with an offset, e.g. ``2024-01-01T08:00:00-04:00``) in UTC."""
    if not value:
        return None
    at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)


def iso(at: datetime) -> str:
    at = at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)
    return at.isoformat(timespec="seconds")
