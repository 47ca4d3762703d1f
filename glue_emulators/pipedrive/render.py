"""Generated records rendered as Pipedrive returns them.

persons, organizations and deals follow API v2 (RFC 3339 times, ``is_deleted``,
``custom_fields``); leads and users follow API v1 (leads carry UUID ids and
millisecond ISO times, users carry "YYYY-MM-DD HH:MM:SS" times).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from glue_emulators.dataset import Dataset, Record

FIRST_NAMES = ("Anna", "Ben", "Carla", "Dmitri", "Elif", "Farah", "Gustav", "Hana", "Ivo", "Jonas", "Kaia", "Liis",
               "Marek", "Nora", "Oskar", "Priya", "Rasmus", "Sofia", "Tarmo", "Uma")
LAST_NAMES = ("Tamm", "Saar", "Kask", "Mets", "Rebane", "Ilves", "Koppel", "Lepik", "Novak", "Okafor", "Petrov",
              "Quinn", "Rossi", "Schmidt", "Tanaka", "Ulrich", "Varga", "Weber", "Yilmaz", "Zhang")
COMPANY_WORDS = ("Northwind", "Bluebird", "Granite", "Lumen", "Harbor", "Pinecrest", "Vertex", "Solstice", "Cobalt",
                 "Meridian", "Aurora", "Keystone")
COMPANY_SUFFIXES = ("Ltd", "OÜ", "GmbH", "Inc", "AS", "LLC")
CITIES = (("Tallinn", "EE", "Harju maakond"), ("Berlin", "DE", "Berlin"), ("Lisbon", "PT", "Lisboa"),
          ("Austin", "US", "Texas"), ("Toronto", "CA", "Ontario"), ("Oslo", "NO", "Oslo"))
PHONE_LABELS = ("work", "home", "mobile", "other")
CURRENCIES = ("EUR", "USD", "GBP")
DEAL_STATUSES = ("open", "won", "lost")  # a deleted deal reads "deleted" instead
LOST_REASONS = ("Budget", "Went with a competitor", "No decision", "Timing")
LEAD_SOURCES = ("API", "Web forms", "Import", "Manually created", "Live chat")
LEAD_LABELS = ("f08b42a0-4e75-11ea-9643-03698ef1cfd6", "f08b42a1-4e75-11ea-9643-03698ef1cfd6",
               "f08b69b0-4e75-11ea-9643-03698ef1cfd6")
TIMEZONES = (("Europe/Tallinn", "+03:00"), ("Europe/Berlin", "+02:00"), ("America/New_York", "-04:00"))
LEAD_NAMESPACE = uuid.UUID("6f1c2a8e-43d1-4c57-9d38-7a3f6f6a0d11")


# -- how Pipedrive spells times and ids -----------------------------------------------------

def rfc3339(at: datetime) -> str:
    """API v2: whole seconds, UTC, e.g. 2024-01-01T10:20:00Z."""
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def v1_time(at: datetime) -> str:
    """API v1 entities such as users: "YYYY-MM-DD HH:MM:SS" in UTC."""
    return at.strftime("%Y-%m-%d %H:%M:%S")


def lead_time(at: datetime) -> str:
    """Leads speak ISO 8601 with milliseconds, e.g. 2020-10-14T11:30:36.551Z."""
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


def lead_id(index: int) -> str:
    return str(uuid.uuid5(LEAD_NAMESPACE, str(index)))


def remote_id(object_name: str, index: int) -> str:
    """Numeric ids start at 1; leads are UUIDs."""
    return lead_id(index) if object_name == "leads" else str(index + 1)


def deal_status(record: Record) -> str:
    return "deleted" if record.deleted else record.pick("status", DEAL_STATUSES)


# -- one function per object ----------------------------------------------------------------

class Renderer:
    """Turns records into Pipedrive JSON; related ids point at records that exist."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset

    def __call__(self, object_name: str, record: Record) -> dict:
        return getattr(self, object_name)(record)

    def persons(self, r: Record) -> dict:
        first, last = r.pick("first", FIRST_NAMES), r.pick("last", LAST_NAMES)
        return {
            "id": r.index + 1,
            "name": f"{first} {last}",
            "first_name": first,
            "last_name": last,
            "owner_id": self._ref(r, "owner", "users"),
            "org_id": self._ref(r, "org", "organizations"),
            "add_time": rfc3339(r.created_at),
            "update_time": rfc3339(r.modified_at),
            "emails": self._emails(r, first, last),
            "phones": self._phones(r),
            "is_deleted": r.deleted,
            "visible_to": int(r.pick("visible", ("1", "3", "5", "7"))),
            "label_ids": [1 + r.number("label", 5)],
            "picture_id": None,
            "custom_fields": {},
        }

    def organizations(self, r: Record) -> dict:
        city, country, region = r.pick("city", CITIES)
        street_number = 1 + r.number("street", 200)
        postal_code = f"{r.number('postal', 90_000) + 10_000}"
        subpremise = f"Office {1 + r.number('office', 40)}" if r.number("has_office", 3) == 0 else None
        return {
            "id": r.index + 1,
            "name": f"{r.pick('word', COMPANY_WORDS)} {r.pick('word2', COMPANY_WORDS)} {r.pick('suffix', COMPANY_SUFFIXES)}",
            "owner_id": self._ref(r, "owner", "users"),
            "add_time": rfc3339(r.created_at),
            "update_time": rfc3339(r.modified_at),
            "is_deleted": r.deleted,
            "visible_to": int(r.pick("visible", ("1", "3", "5", "7"))),
            "address": {"value": f"Main street {street_number}, {postal_code} {city}",
                        "street_number": str(street_number), "route": "Main street", "subpremise": subpremise,
                        "sublocality": None, "locality": city, "admin_area_level_1": region,
                        "admin_area_level_2": None, "country": country, "postal_code": postal_code,
                        "formatted_address": f"Main street {street_number}, {postal_code} {city}, {country}"},
            "label_ids": [],
            "custom_fields": {},
        }

    def deals(self, r: Record) -> dict:
        status = deal_status(r)
        closed = r.modified_at if status in ("won", "lost") else None
        return {
            "id": r.index + 1,
            "title": f"{r.pick('word', COMPANY_WORDS)} {r.pick('kind', ('renewal', 'expansion', 'pilot', 'license'))}",
            "owner_id": self._ref(r, "owner", "users"),
            "person_id": self._ref(r, "person", "persons"),
            "org_id": self._ref(r, "org", "organizations"),
            "pipeline_id": 1,
            "stage_id": 1 + r.number("stage", 5),
            "value": float(r.number("value", 500) * 100),
            "currency": r.pick("currency", CURRENCIES),
            "add_time": rfc3339(r.created_at),
            "update_time": rfc3339(r.modified_at),
            "stage_change_time": rfc3339(r.modified_at),
            "is_deleted": r.deleted,
            "is_archived": False,
            "status": status,
            "probability": r.number("probability", 101) if status == "open" else None,
            "lost_reason": r.pick("lost_reason", LOST_REASONS) if status == "lost" else None,
            "visible_to": 3,
            "close_time": rfc3339(closed) if closed else None,
            "won_time": rfc3339(closed) if status == "won" else None,
            "lost_time": rfc3339(closed) if status == "lost" else None,
            "expected_close_date": (r.created_at + timedelta(days=30 + r.number("close", 90))).date().isoformat(),
            "label_ids": [],
            "custom_fields": {},
        }

    def leads(self, r: Record) -> dict:
        amount = r.number("amount", 200) * 50
        person_id = self._ref(r, "person", "persons")
        return {
            "id": lead_id(r.index),
            "title": f"{r.pick('first', FIRST_NAMES)} {r.pick('last', LAST_NAMES)} lead",
            "owner_id": self._ref(r, "owner", "users"),
            "creator_id": self._ref(r, "creator", "users"),
            "label_ids": [r.pick("label", LEAD_LABELS)],
            "person_id": person_id,
            "organization_id": self._ref(r, "org", "organizations"),
            "source_name": r.pick("source", LEAD_SOURCES),
            "origin": "API",
            "origin_id": None,
            "channel": None,
            "channel_id": None,
            "is_archived": r.number("archived", 10) == 0,
            "was_seen": r.number("seen", 2) == 1,
            "value": {"amount": amount, "currency": r.pick("currency", CURRENCIES)} if amount else None,
            "expected_close_date": None,
            "next_activity_id": None,
            "add_time": lead_time(r.created_at),
            "update_time": lead_time(r.modified_at),
            "visible_to": "3",
            "cc_email": f"company+1+lead{r.index + 1}@pipedrivemail.com",
        }

    def users(self, r: Record) -> dict:
        first, last = r.pick("first", FIRST_NAMES), r.pick("last", LAST_NAMES)
        timezone_name, offset = r.pick("tz", TIMEZONES)
        admin = r.index == 0  # the account's creator
        return {
            "id": r.index + 1,
            "name": f"{first} {last}",
            "default_currency": r.pick("currency", CURRENCIES),
            "locale": "en_US",
            "lang": 1,
            "email": f"{first}.{last}{r.index + 1}@example.com".lower(),
            "phone": None,
            "activated": not r.deleted,
            "last_login": v1_time(r.modified_at),
            "created": v1_time(r.created_at),
            "modified": v1_time(r.modified_at),
            "has_created_company": admin,
            "access": [{"app": "sales", "admin": admin, "permission_set_id": f"perm-{1 + r.number('perm', 3)}"}],
            "active_flag": not r.deleted,
            "timezone_name": timezone_name,
            "timezone_offset": offset,
            "role_id": 1,
            "icon_url": None,
            "is_you": admin,
            "is_deleted": r.deleted,
        }

    @staticmethod
    def _emails(r: Record, first: str, last: str) -> list[dict]:
        """A primary work address; some persons also have a second one (home or other)."""
        emails = [{"value": f"{first}.{last}{r.index + 1}@example.com".lower(), "primary": True, "label": "work"}]
        if r.number("second_email", 3) == 0:
            label = r.pick("second_email_label", ("home", "other"))
            emails.append({"value": f"{first}{r.index + 1}@{label}.example.net".lower(), "primary": False,
                           "label": label})
        return emails

    @staticmethod
    def _phones(r: Record) -> list[dict]:
        """A primary number; some persons also have another one under any of Pipedrive's phone labels."""
        phones = [{"value": f"+372 5{r.number('phone', 10**7):07d}", "primary": True,
                   "label": r.pick("phone_label", ("work", "mobile"))}]
        if r.number("second_phone", 2) == 0:
            phones.append({"value": f"+372 6{r.number('second_phone_number', 10**6):06d}", "primary": False,
                           "label": r.pick("second_phone_label", PHONE_LABELS)})
        return phones

    def _ref(self, r: Record, salt: str, target: str) -> int | None:
        store = self.dataset.objects.get(target)
        if store is None or store.initial_count == 0:
            return None
        return 1 + r.number(salt, store.initial_count)
