"""Salesloft's records as its v2 API shows them, generated from ``glue_emulators.dataset`` records:
people, accounts, users, cadences and cadence memberships (https://developers.salesloft.com/docs/api).

Ids are integers; a record links another as ``{"_href": ..., "id": ...}``; times are ISO 8601 with
microseconds and an offset; ``custom_fields`` is an object keyed by the custom field's name.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from glue_emulators.dataset import Record

OBJECTS = ("people", "accounts", "users", "cadences", "cadence_memberships")
API_HOST = "https://api.salesloft.com"
ID_BASES = {"people": 100_000_000, "accounts": 20_000_000, "users": 30_000, "cadences": 400_000,
            "cadence_memberships": 5_000_000_000}
TEAM_ID = 4_242
FIRST_NAMES = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John", "Margaret", "Ken")
LAST_NAMES = ("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus", "Hamilton", "Thompson")
TITLES = ("VP Sales", "Head of Operations", "CTO", "Procurement Manager", "Founder")
COMPANIES = ("Analytical Engines", "Difference Works", "Babbage & Co", "Jacquard Looms", "Enigma Labs")
CITIES = (("London", "", "GB"), ("Austin", "TX", "US"), ("Atlanta", "GA", "US"), ("Lyon", "", "FR"))
CADENCE_NAMES = ("Outbound - Q1", "Webinar follow-up", "Trial nurture", "Re-engage closed lost")
MEMBERSHIP_STATES = ("staged", "active", "paused", "completed")
# The team's custom fields: (id, name, field type); values are generated for people and accounts.
CUSTOM_FIELDS = ((7001, "Lead Source Detail", "person"), (7002, "Preferred Language", "person"),
                 (7003, "Customer Segment", "company"))
LINKED = 3  # linked users, accounts, cadences are picked among the first few, which every account has


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
MICROSECOND = timedelta(microseconds=1)


def coarse(record: Record, resolution: timedelta) -> Record:
    """The record with its times cut down to ``resolution``: a bulk import or a mass update gives many
    records one time; a test makes times coarse so that many records share one."""
    if resolution <= MICROSECOND:
        return record
    return replace(record, created_at=floor_time(record.created_at, resolution),
                   modified_at=floor_time(record.modified_at, resolution))


def floor_time(at: datetime, resolution: timedelta) -> datetime:
    return at - (at - EPOCH) % resolution


def remote_id(object_name: str, index: int) -> int:
    return ID_BASES[object_name] + index


def render(object_name: str, record: Record) -> dict:
    return RENDERERS[object_name](record)


def link(object_name: str, index: int) -> dict:
    """How a record names another: its id and where to read it."""
    identifier = remote_id(object_name, index)
    return {"_href": f"{API_HOST}/v2/{object_name}/{identifier}", "id": identifier}


def _person(record: Record) -> dict:
    first, last = record.pick("first", FIRST_NAMES), record.pick("last", LAST_NAMES)
    city, state, country = CITIES[record.number("city", len(CITIES))]
    company = record.pick("company", COMPANIES)
    custom = {"Lead Source Detail": record.pick("source", ("Webinar", "Referral", "Event")),
              "Preferred Language": record.pick("language", ("English", "French"))}
    return {
        "id": remote_id("people", record.index),
        "created_at": time_text(record.created_at),
        "updated_at": time_text(record.modified_at),
        "last_contacted_at": None,
        "first_name": first,
        "last_name": last,
        "display_name": f"{first} {last}",
        "email_address": f"{first}.{last}.{record.index}@example.com".lower(),
        "secondary_email_address": None,
        "personal_email_address": (f"{first}{record.index}@home.example.net".lower()
                                   if record.index % 3 == 0 else None),
        "phone": f"+1 555 {record.number('phone', 10_000):04d}",
        "phone_extension": None,
        "home_phone": None,
        "mobile_phone": f"+1 555 {record.number('mobile', 10_000):04d}" if record.index % 2 == 0 else None,
        "linkedin_url": f"https://www.linkedin.com/in/{first}-{last}-{record.index}".lower(),
        "title": record.pick("title", TITLES),
        "city": city,
        "state": state,
        "country": country,
        "work_city": city,
        "work_state": state,
        "work_country": country,
        "person_company_name": company,
        "person_company_website": f"https://{company.split()[0].lower()}.example.com",
        "do_not_contact": record.index % 11 == 10,
        "bouncing": record.index % 13 == 12,
        "locale": "en",
        "eu_resident": country != "US",
        "custom_fields": custom,
        "tags": [record.pick("tag", ("priority", "inbound", "event"))],
        "counts": {"emails_sent": record.number("sent", 20), "emails_viewed": record.number("viewed", 15),
                   "emails_clicked": record.number("clicked", 6), "emails_replied_to": record.number("replied", 4),
                   "emails_bounced": record.number("bounced", 2), "calls": record.number("calls", 5)},
        "owner": link("users", record.number("owner", LINKED)),
        "account": link("accounts", record.number("account", LINKED)),
        "person_stage": {"_href": f"{API_HOST}/v2/person_stages/11", "id": 11},
    }


def _account(record: Record) -> dict:
    name = f"{record.pick('company', COMPANIES)} {record.index}"
    city, state, country = CITIES[record.number("city", len(CITIES))]
    domain = f"{name.split()[0].lower()}{record.index}.example.com"
    return {
        "id": remote_id("accounts", record.index),
        "created_at": time_text(record.created_at),
        "updated_at": time_text(record.modified_at),
        "archived_at": None,
        "name": name,
        "domain": domain,
        "conversational_name": name.split()[0],
        "description": f"{name}: customer since {record.created_at.year}",
        "phone": f"+1 555 {record.number('phone', 10_000):04d}",
        "website": f"https://{domain}",
        "linkedin_url": f"https://www.linkedin.com/company/{record.index}",
        "street": f"{1 + record.number('street', 200)} Engine Street",
        "city": city,
        "state": state,
        "postal_code": f"{record.number('postal', 100_000):05d}",
        "country": country,
        "industry": record.pick("industry", ("Software", "Manufacturing", "Finance")),
        "size": record.pick("size", ("1-10", "11-50", "51-200", "201-500")),
        "do_not_contact": False,
        "custom_fields": {"Customer Segment": record.pick("segment", ("Enterprise", "Mid-market", "SMB"))},
        "tags": [],
        "counts": {"people": record.number("people", 40)},
        "owner": link("users", record.number("owner", LINKED)),
        "creator": link("users", 0),
    }


def _user(record: Record) -> dict:
    first, last = record.pick("first", FIRST_NAMES), record.pick("last", LAST_NAMES)
    email = f"{first}.{last}.{record.index}@seller.example.com".lower()
    return {
        "id": remote_id("users", record.index),
        "guid": f"0e8c4b7a-5c1d-4f3e-9a2b-{record.index:012d}",
        "created_at": time_text(record.created_at),
        "updated_at": time_text(record.modified_at),
        "name": f"{first} {last}",
        "first_name": first,
        "last_name": last,
        "job_role": record.pick("role", ("Account Executive", "SDR", "Sales Manager")),
        "active": record.index % 7 != 6,
        "time_zone": "US/Eastern",
        "email": email,
        "email_client_email_address": email,
        "sending_email_address": email,
        "from_address": email,
        "full_email_address": f'"{first} {last}" <{email}>',
        "team_admin": record.index == 0,
        "email_client_configured": record.index % 5 != 4,
        "crm_connected": True,
        "team": {"_href": f"{API_HOST}/v2/team", "id": TEAM_ID},
        "role": {"id": "Admin" if record.index == 0 else "User"},
    }


def _cadence(record: Record) -> dict:
    return {
        "id": remote_id("cadences", record.index),
        "created_at": time_text(record.created_at),
        "updated_at": time_text(record.modified_at),
        "archived_at": time_text(record.modified_at) if record.index % 9 == 8 else None,
        "team_cadence": record.index % 2 == 0,
        "shared": record.index % 2 == 0,
        "draft": record.index % 10 == 9,
        "name": f"{record.pick('name', CADENCE_NAMES)} #{record.index}",
        "tags": [record.pick("tag", ("outbound", "inbound", "events"))],
        "creator": link("users", 0),
        "owner": link("users", record.number("owner", LINKED)),
        "counts": {"cadence_people": record.number("people", 500), "people_acted_on_count": record.number("acted", 90),
                   "target_daily_people": 20, "opportunities_created": record.number("opps", 10),
                   "meetings_booked": record.number("meetings", 12)},
        "cadence_priority": {"id": 1 + record.number("priority", 3)},
    }


def _membership(record: Record) -> dict:
    state = record.pick("state", MEMBERSHIP_STATES)
    return {
        "id": remote_id("cadence_memberships", record.index),
        "added_at": time_text(record.created_at),
        "created_at": time_text(record.created_at),
        "updated_at": time_text(record.modified_at),
        "person_deleted": False,
        "currently_on_cadence": state in ("staged", "active", "paused"),
        "current_state": state,
        "cadence": link("cadences", record.number("cadence", LINKED)),
        "person": link("people", record.number("person", LINKED)),
        "user": link("users", record.number("owner", LINKED)),
        "latest_action": None,
        "counts": {"views": record.number("views", 9), "clicks": record.number("clicks", 4),
                   "replies": record.number("replies", 3), "calls": record.number("calls", 3),
                   "sent_emails": record.number("sent", 6), "bounces": record.number("bounces", 2)},
    }


def time_text(at: datetime) -> str:
    """Salesloft's times: ISO 8601, microseconds, an offset (the team's zone; UTC here)."""
    return at.astimezone(timezone.utc).isoformat(timespec="microseconds")


RENDERERS = {"people": _person, "accounts": _account, "users": _user, "cadences": _cadence,
             "cadence_memberships": _membership}
