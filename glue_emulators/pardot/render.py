"""Generated records rendered as Account Engagement's API v5 answers them (Prospect, Visitor, Visitor
Activity, Campaign, Form and Custom Field objects of the v5 reference): numeric ids, camelCase names, times in
ISO 8601 with the account's UTC offset (the emulated account keeps US Eastern daylight time, -04:00).

Records are kept under Glue-style names (``visitor_activity``); the API's paths use hyphens (api.py).
Prospects carry the account's custom fields at the top level under each field's API name (``fieldId``).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from glue_emulators.dataset import Record

ACCOUNT_ZONE = timezone(timedelta(hours=-4))
FIRST = ("Ada", "Bruno", "Chiara", "Dmitri", "Elif", "Farah", "Gustav", "Hana", "Ines", "Jonas", "Keiko", "Lior")
LAST = ("Abara", "Brandt", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ibsen", "Jensen")
COMPANIES = ("Northwind", "Bluebird Labs", "Quarry & Co", "Helios Energy", "Tidewater", "Orchard Systems")
CITIES = (("Boston", "United States"), ("Lyon", "France"), ("Osaka", "Japan"), ("Porto", "Portugal"))
GRADES = ("A", "A-", "B+", "B", "C", "D")
ACTIVITY_TYPES = ((1, "Click"), (2, "View"), (4, "Form"), (6, "Email"), (21, "Visit"))
# (id, name, API name, type): the emulated account's custom prospect fields.
CUSTOM_FIELDS = ((101, "Industry segment", "Industry_Segment__c", "Dropdown"),
                 (102, "Trial end date", "Trial_End__c", "Date"))
SEGMENTS = ("Healthcare", "Retail", "Manufacturing", "Public sector")
ID_BASE = {"prospects": 41_000_000, "visitors": 52_000_000, "visitor_activity": 63_000_000, "campaigns": 9_000,
           "forms": 3_100}
DEFINED = datetime(2023, 6, 1, 9, 0, tzinfo=timezone.utc)


def remote_id(object_name: str, index: int) -> str:
    return str(ID_BASE[object_name] + index + 1)


def index_of(object_name: str, remote: int) -> int:
    return remote - ID_BASE[object_name] - 1


def pardot_time(at: datetime) -> str:
    return at.astimezone(ACCOUNT_ZONE).isoformat(timespec="seconds")


def render(object_name: str, record: Record) -> dict:
    """Every field of the record (what a query naming them all answers)."""
    return RENDERERS[object_name](record)


def _times(record: Record) -> dict:
    return {"createdAt": pardot_time(record.created_at), "updatedAt": pardot_time(record.modified_at)}


def _id(object_name: str, index: int) -> int:
    return int(remote_id(object_name, index))


def prospect(record: Record) -> dict:
    first, last = record.pick("first", FIRST), record.pick("last", LAST)
    city, country = record.pick("city", CITIES)
    company = record.pick("company", COMPANIES)
    return {
        "id": _id("prospects", record.index), "email": f"{first}.{last}{record.index}@example.com".lower(),
        "firstName": first, "lastName": last, "company": company, "jobTitle": record.pick("title", (
            "Marketing Manager", "Head of Growth", "CTO", "Analyst")),
        "phone": f"+1 617 555 {record.number('phone', 10_000):04d}", "city": city, "country": country,
        "score": record.number("score", 300), "grade": record.pick("grade", GRADES),
        "campaignId": _id("campaigns", record.number("campaign", 5)),
        "assignedUserId": 700_000 + record.number("owner", 4), "optedOut": record.number("opt", 10) == 0,
        "salesforceId": f"00Q5e0000{record.index:09d}",
        "isDeleted": record.deleted, "lastActivityAt": pardot_time(record.modified_at), **_times(record),
        "Industry_Segment__c": record.pick("segment", SEGMENTS),
        "Trial_End__c": (DEFINED + timedelta(days=record.number("trial", 90))).date().isoformat(),
    }


def visitor(record: Record) -> dict:
    identified = record.index % 3 != 2
    octet = record.number("ip", 254) + 1
    return {
        "id": _id("visitors", record.index), "prospectId": _id("prospects", record.index) if identified else None,
        "pageViewCount": record.number("views", 40) + 1, "ipAddress": f"203.0.113.{octet}",
        "hostname": f"host-203-0-113-{octet}.example.net", "campaignParameter": record.pick("utm", (
            "spring-launch", "webinar", "retargeting")),
        "mediumParameter": record.pick("medium", ("email", "cpc", "social")),
        "sourceParameter": record.pick("source", ("newsletter", "google", "linkedin")),
        "isIdentified": identified, **_times(record),
    }


def visitor_activity(record: Record) -> dict:
    kind, name = record.pick("type", ACTIVITY_TYPES)
    return {
        "id": _id("visitor_activity", record.index), "type": kind, "typeName": name,
        "prospectId": _id("prospects", record.number("prospect", 50)),
        "visitorId": _id("visitors", record.number("visitor", 50)),
        "campaignId": _id("campaigns", record.number("campaign", 5)),
        "formId": _id("forms", record.number("form", 5)) if kind == 4 else None,
        "details": f"{name} {record.index}", **_times(record),
    }


def campaign(record: Record) -> dict:
    return {
        "id": _id("campaigns", record.index), "name": f"{record.pick('theme', ('Spring', 'Summer', 'Autumn'))} "
                                                     f"campaign {record.index}",
        "cost": record.number("cost", 50) * 100, "folderId": 880 + record.number("folder", 3),
        "salesforceId": f"7015e0000{record.index:09d}", "isDeleted": record.deleted, **_times(record),
    }


def form(record: Record) -> dict:
    return {
        "id": _id("forms", record.index), "name": f"Form {record.index}",
        "campaignId": _id("campaigns", record.number("campaign", 5)), "folderId": 890 + record.number("folder", 3),
        "embedCode": f'<iframe src="https://go.example.com/l/1/form-{record.index}"></iframe>',
        "isDeleted": record.deleted, **_times(record),
    }


def custom_field(position: int) -> dict:
    field_id, name, api_name, kind = CUSTOM_FIELDS[position]
    return {"id": field_id, "name": name, "fieldId": api_name, "type": kind, "isRequired": False,
            "createdAt": pardot_time(DEFINED), "updatedAt": pardot_time(DEFINED)}


RENDERERS = {"prospects": prospect, "visitors": visitor, "visitor_activity": visitor_activity,
             "campaigns": campaign, "forms": form}
