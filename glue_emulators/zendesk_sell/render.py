"""Generated records rendered as Zendesk Sell's Core API v2 returns them
(https://developer.zendesk.com/api-reference/sales-crm/resources/contacts/, .../leads/, .../deals/,
.../users/, .../stages/): numeric ids, ISO 8601 UTC times in whole seconds, custom field values
keyed by the field's name.

Contacts are people and organisations in one list: every fourth contact (index 0, 4, 8, ...) is an
organisation, and the people after it work there (``contact_id``). Deals sit in the account's one
pipeline, whose stages (``STAGES``) say by their category whether a deal is open, won or lost.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from glue_emulators.dataset import Record

FIRST_NAMES = ("Amelia", "Bruno", "Chloe", "Dario", "Esme", "Felix", "Greta", "Hugo", "Ines", "Jakob", "Keira",
               "Lars", "Mila", "Nico", "Olga", "Pavel")
LAST_NAMES = ("Almeida", "Berg", "Costa", "Dunn", "Eriksen", "Fischer", "Gallo", "Horvat", "Ivanova", "Jensen",
              "Kowalski", "Lindqvist", "Moreau", "Nagy", "Ortiz", "Poulsen")
COMPANY_WORDS = ("Fjord", "Basalt", "Orchid", "Tundra", "Quarry", "Beacon", "Summit", "Delta", "Ember", "Mosaic")
COMPANY_SUFFIXES = ("Ltd", "AB", "GmbH", "Inc", "SA", "ApS")
INDUSTRIES = ("Software", "Manufacturing", "Retail", "Logistics", "Healthcare", "Finance")
CITIES = (("Copenhagen", "Hovedstaden", "DK"), ("Porto", "Porto", "PT"), ("Denver", "CO", "US"),
          ("Krakow", "Lesser Poland", "PL"), ("Lyon", "Auvergne-Rhone-Alpes", "FR"))
CUSTOMER_STATUSES = ("none", "current", "past")
PROSPECT_STATUSES = ("none", "current", "lost")
LEAD_STATUSES = ("New", "Working", "Unqualified")
CURRENCIES = ("USD", "EUR", "GBP")
ROLES = ("user", "admin")

PIPELINE_ID = 1
# (id, name, category, likelihood): the default pipeline of a Sell account.
STAGES = ((1, "Incoming", "incoming", 10), (2, "Qualified", "in_progress", 25), (3, "Quote", "in_progress", 50),
          (4, "Closure", "in_progress", 80), (5, "Won", "won", 100), (6, "Lost", "lost", 0),
          (7, "Unqualified", "unqualified", 0))
LOSS_REASONS = ((1, "Too expensive"), (2, "Lost to a competitor"), (3, "No budget"))
STAGES_CREATED = datetime(2023, 6, 1)

# Custom fields an account defined, per resource (id, name, type).
CUSTOM_FIELDS = {
    "contact": ((301, "Known via", "string"), (302, "Segment", "list")),
    "lead": ((311, "Campaign", "string"),),
    "deal": ((321, "Referral partner", "string"),),
}
SEGMENTS = ("SMB", "Mid-market", "Enterprise")

ID_BASE = {"contacts": 100_000_000, "leads": 200_000_000, "deals": 300_000_000, "users": 900_000}


def remote_id(object_name: str, index: int) -> str:
    return str(ID_BASE[object_name] + index + 1)


def sell_time(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def is_organization(index: int) -> bool:
    return index % 4 == 0


def render(object_name: str, record: Record) -> dict:
    return RENDERERS[object_name](record)


def _user_id(record: Record, salt: str = "owner") -> int:
    return int(remote_id("users", record.number(salt, 3)))


def _address(record: Record) -> dict:
    city, state, country = record.pick("city", CITIES)
    return {"line1": f"{1 + record.number('street', 200)} Harbour Street", "city": city, "state": state,
            "postal_code": f"{record.number('zip', 90000) + 10000}", "country": country}


def contact(record: Record) -> dict:
    organization = is_organization(record.index)
    first, last = record.pick("first", FIRST_NAMES), record.pick("last", LAST_NAMES)
    company = f"{record.pick('company', COMPANY_WORDS)} {record.pick('suffix', COMPANY_SUFFIXES)}"
    name = company if organization else f"{first} {last}"
    domain = company.split()[0].lower() + ".example"
    employer = record.index - record.index % 4
    return {
        "id": int(remote_id("contacts", record.index)),
        "creator_id": _user_id(record, "creator"),
        "owner_id": _user_id(record),
        "is_organization": organization,
        "contact_id": None if organization else int(remote_id("contacts", employer)),
        "parent_organization_id": None,
        "name": name,
        "first_name": None if organization else first,
        "last_name": None if organization else last,
        "customer_status": record.pick("customer", CUSTOMER_STATUSES),
        "prospect_status": record.pick("prospect", PROSPECT_STATUSES),
        "title": None if organization else record.pick("title", ("CEO", "CTO", "Buyer", "Head of Sales")),
        "description": f"Contact {record.index}, version {record.version}",
        "industry": record.pick("industry", INDUSTRIES) if organization else None,
        "website": f"https://www.{domain}" if organization else None,
        "email": f"info@{domain}" if organization else f"{first}.{last}.{record.index}@{domain}".lower(),
        "phone": f"+1-555-{record.number('phone', 10_000):04d}",
        "mobile": None if organization else f"+1-555-{record.number('mobile', 10_000):04d}",
        "fax": None,
        "twitter": None,
        "facebook": None,
        "linkedin": None,
        "skype": None,
        "address": _address(record),
        "billing_address": None,
        "shipping_address": None,
        "tags": ["important"] if record.index % 5 == 0 else [],
        "custom_fields": {"Known via": record.pick("via", ("Conference", "Referral", "Webinar")),
                          "Segment": record.pick("segment", SEGMENTS)},
        "created_at": sell_time(record.created_at),
        "updated_at": sell_time(record.modified_at),
    }


def lead(record: Record) -> dict:
    first, last = record.pick("first", FIRST_NAMES), record.pick("last", LAST_NAMES)
    company = f"{record.pick('company', COMPANY_WORDS)} {record.pick('suffix', COMPANY_SUFFIXES)}"
    return {
        "id": int(remote_id("leads", record.index)),
        "creator_id": _user_id(record, "creator"),
        "owner_id": _user_id(record),
        "first_name": first,
        "last_name": last,
        "organization_name": company,
        "status": record.pick("status", LEAD_STATUSES),
        "source_id": 10 + record.number("source", 4),
        "title": record.pick("title", ("Founder", "Operations Manager", "Procurement Lead")),
        "description": f"Lead {record.index}, version {record.version}",
        "industry": record.pick("industry", INDUSTRIES),
        "website": f"https://www.{company.split()[0].lower()}.example",
        "email": f"{first}.{last}.{record.index}@lead.example".lower(),
        "phone": f"+1-555-{record.number('phone', 10_000):04d}",
        "mobile": None,
        "fax": None,
        "twitter": None,
        "facebook": None,
        "linkedin": None,
        "skype": None,
        "address": _address(record),
        "tags": [],
        "custom_fields": {"Campaign": record.pick("campaign", ("Spring launch", "Trade fair", "Newsletter"))},
        "created_at": sell_time(record.created_at),
        "updated_at": sell_time(record.modified_at),
    }


def stage_of(record: Record) -> tuple:
    return STAGES[record.number("stage", len(STAGES))]


def deal(record: Record) -> dict:
    stage_id, _, category, likelihood = stage_of(record)
    organization = record.number("org", 1000) * 4  # an organisation's index (0, 4, 8, ...)
    person = organization + 1 + record.number("person", 3)
    return {
        "id": int(remote_id("deals", record.index)),
        "creator_id": _user_id(record, "creator"),
        "owner_id": _user_id(record),
        "name": f"{record.pick('product', ('Licences', 'Support plan', 'Onboarding', 'Hardware'))} #{record.index}",
        "value": f"{(1 + record.number('value', 500)) * 100}.00",
        "currency": record.pick("currency", CURRENCIES),
        "hot": record.index % 3 == 0,
        "stage_id": stage_id,
        "last_stage_change_at": sell_time(record.modified_at),
        "last_stage_change_by_id": _user_id(record),
        "last_activity_at": sell_time(record.modified_at),
        "source_id": 10 + record.number("source", 4),
        "loss_reason_id": LOSS_REASONS[record.number("loss", 3)][0] if category == "lost" else None,
        "unqualified_reason_id": None,
        "dropbox_email": f"dropbox+{record.index}@sell.example",
        "contact_id": int(remote_id("contacts", person)),
        "organization_id": int(remote_id("contacts", organization)),
        "estimated_close_date": (record.created_at + timedelta(days=30 + record.number("close", 60))).strftime(
            "%Y-%m-%d"),
        "customized_win_likelihood": likelihood,
        "tags": [],
        "custom_fields": {"Referral partner": record.pick("partner", ("None", "Acme Partners", "Resellr"))},
        "created_at": sell_time(record.created_at),
        "updated_at": sell_time(record.modified_at),
        "added_at": sell_time(record.created_at),
    }


def user(record: Record) -> dict:
    first, last = record.pick("first", FIRST_NAMES), record.pick("last", LAST_NAMES)
    active = record.index % 6 != 5
    return {
        "id": int(remote_id("users", record.index)),
        "name": f"{first} {last}",
        "email": f"{first}.{last}.{record.index}@seller.example".lower(),
        "status": "active" if active else "inactive",
        "invited": True,
        "confirmed": active,
        "phone_number": f"+1-555-{record.number('phone', 10_000):04d}",
        "role": "admin" if record.index == 0 else "user",
        "roles": [],
        "team_name": "Sales",
        "group": None,
        "reports_to": None if record.index == 0 else int(remote_id("users", 0)),
        "timezone": "UTC",
        "created_at": sell_time(record.created_at),
        "updated_at": sell_time(record.modified_at),
        "deleted_at": None,
        "zendesk_user_id": str(40_000 + record.index),
        "identity_type": "person",
        "system_tags": [],
    }


def stages() -> list[dict]:
    return [{"id": sid, "name": name, "category": category, "active": category not in ("won", "lost", "unqualified"),
             "position": sid, "likelihood": likelihood, "pipeline_id": PIPELINE_ID,
             "created_at": sell_time(STAGES_CREATED), "updated_at": sell_time(STAGES_CREATED)}
            for sid, name, category, likelihood in STAGES]


def custom_fields(resource: str) -> list[dict]:
    return [{"id": fid, "name": name, "type": kind, "for_contact": resource == "contact" or None,
             "for_organization": resource == "contact" or None, "search_api_id": f"custom_fields.{fid}",
             "created_at": sell_time(STAGES_CREATED), "updated_at": sell_time(STAGES_CREATED)}
            for fid, name, kind in CUSTOM_FIELDS[resource]]


RENDERERS = {"contacts": contact, "leads": lead, "deals": deal, "users": user}
