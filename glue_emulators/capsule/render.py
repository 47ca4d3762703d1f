"""Generated records rendered as Capsule's API v2 returns them (https://developer.capsulecrm.com/v2/:
Parties, Opportunities, Users, Milestones, Custom Fields): numeric ids, ISO 8601 UTC times with a
``Z``, camelCase names, nested owner and party summaries.

Parties are people and organisations in one list: every fifth party (index 0, 5, 10, ...) is an
organisation, and the four people after it work there. An opportunity's milestone says where it
stands; a closed one has ``closedOn``, and a lost one its ``lostReason`` (Capsule's ``Lost``
milestone, probability 0).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from glue_emulators.dataset import Record

FIRST_NAMES = ("Alice", "Björn", "Camille", "Deepak", "Emma", "Fatima", "George", "Hiro", "Isla", "Jorge",
               "Kofi", "Lena", "Mateo", "Nadia", "Owen", "Petra")
LAST_NAMES = ("Anderson", "Bauer", "Chen", "Duarte", "Evans", "Fontaine", "Gupta", "Hansen", "Ito", "Jovanovic",
              "Khan", "Larsen", "Mendes", "Nowak", "O'Brien", "Pereira")
COMPANY_WORDS = ("Acorn", "Brightwater", "Copperleaf", "Driftwood", "Evergreen", "Foxglove", "Greystone", "Hollow")
COMPANY_SUFFIXES = ("Ltd", "LLP", "Inc", "GmbH", "Pty")
CITIES = (("Manchester", "Greater Manchester", "United Kingdom", "M1 1AE"), ("Auckland", "Auckland", "New Zealand", "1010"),
          ("Boston", "MA", "United States", "02108"), ("Dublin", "Leinster", "Ireland", "D02"))
CURRENCIES = ("GBP", "USD", "EUR")
# (id, name, probability, complete): the account's sales pipeline.
MILESTONES = ((1, "New", 10, False), (2, "Proposal", 50, False), (3, "Negotiation", 75, False),
              (4, "Won", 100, True), (5, "Lost", 0, True))
LOST_REASONS = ((11, "Price"), (12, "Chose a competitor"), (13, "No response"))
PARTY_FIELDS = ((501, "Referral source", "text"), (502, "Customer tier", "list"))
OPPORTUNITY_FIELDS = ((601, "Contract length", "number"),)
DEFINED = datetime(2023, 3, 1)

ID_BASE = {"parties": 11_000_000, "opportunities": 83_000_000, "users": 500}


def remote_id(object_name: str, index: int) -> str:
    return str(ID_BASE[object_name] + index + 1)


def capsule_time(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def is_organisation(index: int) -> bool:
    return index % 5 == 0


def render(object_name: str, record: Record) -> dict:
    return RENDERERS[object_name](record)


def owner(record: Record) -> dict:
    index = record.number("owner", 3)
    first, last = FIRST_NAMES[index], LAST_NAMES[index]
    return {"id": int(remote_id("users", index)), "username": f"{first}{last}".lower(), "name": f"{first} {last}",
            "pictureURL": f"https://capsulecrm.com/theme/default/images/person_avatar_{index}.png"}


def _company(record: Record) -> str:
    return f"{record.pick('company', COMPANY_WORDS)} {record.pick('suffix', COMPANY_SUFFIXES)}"


def party_summary(index: int, record: Record) -> dict:
    """How another record names a party: id, type and its name."""
    return {"id": int(remote_id("parties", index)), "type": "organisation", "name": _company(record),
            "pictureURL": "https://capsulecrm.com/theme/default/images/org_avatar_70.png"}


def party(record: Record, with_fields: bool = False) -> dict:
    organisation = is_organisation(record.index)
    first, last = record.pick("first", FIRST_NAMES), record.pick("last", LAST_NAMES)
    city, state, country, postcode = record.pick("city", CITIES)
    domain = _company(record).split()[0].lower() + ".example"
    shown = {
        "id": int(remote_id("parties", record.index)),
        "type": "organisation" if organisation else "person",
        "about": f"Party {record.index}, version {record.version}",
        "createdAt": capsule_time(record.created_at),
        "updatedAt": capsule_time(record.modified_at),
        "lastContactedAt": capsule_time(record.modified_at) if record.index % 3 == 0 else None,
        "owner": owner(record),
        "team": None,
        "addresses": [{"id": 90_000 + record.index, "type": "Office" if organisation else "Home",
                       "street": f"{1 + record.number('street', 300)} Market Street", "city": city,
                       "state": state, "country": country, "zip": postcode}],
        "phoneNumbers": [{"id": 70_000 + record.index, "type": "Work",
                          "number": f"+44 161 555 {record.number('phone', 10_000):04d}"}]
        + ([] if organisation else [{"id": 80_000 + record.index, "type": "Mobile",
                                      "number": f"+44 7700 {record.number('mobile', 1_000_000):06d}"}]),
        "websites": [{"id": 60_000 + record.index, "type": None, "service": "URL", "address": f"www.{domain}",
                      "url": f"http://www.{domain}"}] if organisation else [],
        "emailAddresses": [{"id": 50_000 + record.index, "type": "Work",
                            "address": f"hello@{domain}" if organisation
                            else f"{first}.{last}.{record.index}@{domain}".lower().replace("'", "")}],
        "pictureURL": "https://capsulecrm.com/theme/default/images/person_avatar_70.png",
    }
    if organisation:
        shown["name"] = _company(record)
    else:
        employer = record.index - record.index % 5
        shown |= {"title": record.pick("salutation", ("Mr", "Ms", "Dr", None)), "firstName": first,
                  "lastName": last, "jobTitle": record.pick("job", ("Director", "Office Manager", "Engineer")),
                  "organisation": {"id": int(remote_id("parties", employer)), "name": None, "pictureURL": None}}
    if with_fields:
        shown["fields"] = [
            {"id": 40_000 + record.index, "value": record.pick("referral", ("Website", "Partner", "Event")),
             "definition": {"id": PARTY_FIELDS[0][0], "name": PARTY_FIELDS[0][1]}},
        ]
    return shown


def milestone_of(record: Record) -> tuple:
    return MILESTONES[record.number("milestone", len(MILESTONES))]


def opportunity(record: Record, with_fields: bool = False) -> dict:
    milestone_id, milestone, probability, complete = milestone_of(record)
    organisation = record.number("party", 200) * 5
    closed = capsule_time(record.modified_at)[:10] if complete else None
    lost = LOST_REASONS[record.number("lost", 3)] if milestone == "Lost" else None
    shown = {
        "id": int(remote_id("opportunities", record.index)),
        "name": f"{record.pick('product', ('Annual licence', 'Consulting', 'Support renewal'))} {record.index}",
        "description": f"Opportunity {record.index}, version {record.version}",
        "party": {"id": int(remote_id("parties", organisation)), "type": "organisation", "name": None,
                  "pictureURL": None},
        "owner": owner(record),
        "team": None,
        "milestone": {"id": milestone_id, "name": milestone},
        "lastOpenMilestone": {"id": 2, "name": "Proposal"} if complete else {"id": milestone_id, "name": milestone},
        "value": {"amount": float((1 + record.number("value", 400)) * 50), "currency": record.pick("cur", CURRENCIES)},
        "expectedCloseOn": (record.created_at + timedelta(days=20 + record.number("close", 90))).strftime("%Y-%m-%d"),
        "probability": probability,
        "durationBasis": "FIXED",
        "duration": None,
        "closedOn": closed,
        "lostReason": {"id": lost[0], "name": lost[1]} if lost else None,
        "lastStageChangedAt": capsule_time(record.modified_at),
        "lastContactedAt": None,
        "createdAt": capsule_time(record.created_at),
        "updatedAt": capsule_time(record.modified_at),
    }
    if with_fields:
        shown["fields"] = [{"id": 45_000 + record.index, "value": str(6 + record.number("months", 30)),
                            "definition": {"id": OPPORTUNITY_FIELDS[0][0], "name": OPPORTUNITY_FIELDS[0][1]}}]
    return shown


def user(record: Record) -> dict:
    first, last = FIRST_NAMES[record.index % len(FIRST_NAMES)], LAST_NAMES[record.index % len(LAST_NAMES)]
    return {
        "id": int(remote_id("users", record.index)),
        "username": f"{first}{last}{record.index}".lower().replace("'", ""),
        "name": f"{first} {last}",
        "pictureURL": f"https://capsulecrm.com/theme/default/images/person_avatar_{record.index}.png",
        "currency": "GBP",
        "timezone": "Europe/London",
        "role": "ADMIN" if record.index == 0 else "USER",
        "status": "ACTIVE" if record.index % 5 != 4 else "DISABLED",
        "party": {"id": 20_000 + record.index, "type": "person", "firstName": first, "lastName": last,
                  "emailAddresses": [{"id": 30_000 + record.index, "type": "Work",
                                      "address": f"{first}.{record.index}@capsule-team.example".lower()}]},
        "createdAt": capsule_time(record.created_at),
        "updatedAt": capsule_time(record.modified_at),
    }


def milestones() -> list[dict]:
    return [{"id": mid, "name": name, "description": None, "probability": probability, "complete": complete,
             "displayOrder": mid, "daysUntilStale": 30, "createdAt": capsule_time(DEFINED),
             "updatedAt": capsule_time(DEFINED)} for mid, name, probability, complete in MILESTONES]


def definitions(entity: str) -> list[dict]:
    chosen = PARTY_FIELDS if entity == "parties" else OPPORTUNITY_FIELDS
    return [{"id": fid, "name": name, "type": kind, "options": ["Gold", "Silver"] if kind == "list" else [],
             "important": False, "displayOrder": n, "tag": None, "description": None}
            for n, (fid, name, kind) in enumerate(chosen)]


RENDERERS = {"parties": party, "opportunities": opportunity, "users": user}
