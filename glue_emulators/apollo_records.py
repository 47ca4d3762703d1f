"""Apollo's records as its API shows them, generated from ``glue_emulators.dataset`` records:
contacts (with their sequence states, ``contact_campaign_statuses``), accounts, sequences
(``emailer_campaigns``), users and mailboxes (``email_accounts``)."""

from __future__ import annotations

from datetime import datetime, timezone

from glue_emulators.dataset import Record

OBJECTS = ("contacts", "accounts", "emailer_campaigns", "users", "email_accounts")
# Apollo ids are 24 hexadecimal digits (MongoDB object ids): a prefix per object, then the index.
ID_PREFIXES = {"contacts": "64a1c0de", "accounts": "64a1acc0", "emailer_campaigns": "64a1e3ca",
               "users": "64a1b05e", "email_accounts": "64a1da1b"}
FIRST_NAMES = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John", "Margaret", "Ken")
LAST_NAMES = ("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus", "Hamilton", "Thompson")
TITLES = ("VP Sales", "Head of Operations", "CTO", "Procurement Manager", "Founder")
COMPANIES = ("Analytical Engines", "Difference Works", "Babbage & Co", "Jacquard Looms", "Enigma Labs")
SEQUENCE_NAMES = ("Outbound - Q1", "Webinar follow-up", "Trial nurture", "Re-engage closed lost")
PLACES = (("San Francisco", "California", "United States"), ("London", "England", "United Kingdom"),
          ("Berlin", "Berlin", "Germany"), ("Toronto", "Ontario", "Canada"), ("Austin", "Texas", "United States"))
# Apollo's phone types besides a contact's direct work line
OTHER_PHONE_TYPES = ("mobile", "home", "work_hq", "other")
SEQUENCE_PERMISSIONS = ("team_can_use", "team_can_view", "private")
SEQUENCE_STATES = ("active", "paused", "finished", "failed")
USERS_SEEN = 3  # owners are picked among the first users, which every account has


def remote_id(object_name: str, index: int) -> str:
    return f"{ID_PREFIXES[object_name]}{index:016x}"


def render(object_name: str, record: Record) -> dict:
    return RENDERERS[object_name](record)


def _contact(record: Record) -> dict:
    first, last = record.pick("first", FIRST_NAMES), record.pick("last", LAST_NAMES)
    company = record.pick("company", COMPANIES)
    city, state, country = PLACES[record.number("place", len(PLACES))]
    return {
        "id": remote_id("contacts", record.index),
        "first_name": first,
        "last_name": last,
        "name": f"{first} {last}",
        "title": record.pick("title", TITLES),
        "email": f"{first}.{last}.{record.index}@example.com".lower(),
        "email_status": record.pick("email_status", ("verified", "unverified", "guessed")),
        "organization_name": company,
        "account_id": remote_id("accounts", record.number("account", 50)),
        "owner_id": remote_id("users", record.number("owner", USERS_SEEN)),
        "contact_stage_id": f"6095a710bd01d100a506d4a{record.number('stage', 9)}",
        "linkedin_url": f"http://www.linkedin.com/in/{first}-{last}-{record.index}".lower(),
        "phone_numbers": _phones(record),
        "city": city,
        "state": state,
        "country": country,
        "postal_code": None,  # Apollo fills it for some contacts only
        "present_raw_address": f"{city}, {state}, {country}",
        "label_ids": [],
        "contact_campaign_statuses": [_sequence_state(record)],
        "created_at": _time(record.created_at),
        "updated_at": _time(record.modified_at),
    }


def _sequence_state(record: Record) -> dict:
    """The contact's place in a sequence, as Apollo nests it in the contact: who added it, the mailbox and
    user it sends from, and when it finished."""
    status = record.pick("sequence_state", SEQUENCE_STATES)
    sender = remote_id("users", record.number("owner", USERS_SEEN))
    return {
        "id": f"64a1c5a5{record.index:016x}",
        "emailer_campaign_id": remote_id("emailer_campaigns", record.number("sequence", 4)),
        "status": status,
        "current_step_position": 1 + record.number("step", 5),
        "added_at": _time(record.created_at),
        "added_by_user_id": sender,
        "send_email_from_user_id": sender,
        "send_email_from_email_account_id": remote_id("email_accounts", record.number("mailbox", 5)),
        "finished_at": _time(record.modified_at) if status == "finished" else None,
    }


def _account(record: Record) -> dict:
    name = f"{record.pick('company', COMPANIES)} {record.index}"
    domain = f"{name.split()[0].lower()}{record.index}.example.com"
    return {
        "id": remote_id("accounts", record.index),
        "name": name,
        "domain": domain,
        "website_url": f"https://{domain}",
        "phone": f"+1 555 {record.number('phone', 10_000):04d}",
        "owner_id": remote_id("users", record.number("owner", USERS_SEEN)),
        "account_stage_id": f"6095a710bd01d100a506d4b{record.number('stage', 9)}",
        "linkedin_url": f"http://www.linkedin.com/company/{record.index}",
        "label_ids": [],
        "created_at": _time(record.created_at),
        "updated_at": _time(record.modified_at),
    }


def _sequence(record: Record) -> dict:
    return {
        "id": remote_id("emailer_campaigns", record.index),
        "name": f"{record.pick('name', SEQUENCE_NAMES)} #{record.index}",
        "active": record.number("active", 4) != 0,
        "archived": False,
        "num_steps": 1 + record.number("steps", 6),
        "permissions": record.pick("permissions", SEQUENCE_PERMISSIONS),
        "label_ids": [f"64a1ab1e{record.number('label', 4):016x}"] if record.number("labelled", 2) else [],
        **_sequence_metrics(record),
        "user_id": remote_id("users", record.number("owner", USERS_SEEN)),
        "created_at": _time(record.created_at),
        "last_used_at": _time(record.modified_at),
    }


def _sequence_metrics(record: Record) -> dict:
    """The unique-contact counters Apollo keeps per sequence, each no more than the step before allows."""
    scheduled = 20 + record.number("scheduled", 400)
    delivered = scheduled - record.number("undelivered", 10)
    opened = record.number("opened", delivered + 1)
    return {"unique_scheduled": scheduled, "unique_delivered": delivered,
            "unique_bounced": scheduled - delivered, "unique_opened": opened,
            "unique_clicked": record.number("clicked", opened + 1),
            "unique_replied": record.number("replied", opened + 1)}


def _phones(record: Record) -> list[dict]:
    """The direct work line; some contacts also have a number of another type."""
    phones = [{"raw_number": f"+1 555 {record.number('phone', 10_000):04d}", "type": "work_direct", "position": 0}]
    if record.number("second_phone", 2) == 0:
        phones.append({"raw_number": f"+1 556 {record.number('second_phone_number', 10_000):04d}",
                       "type": record.pick("second_phone_type", OTHER_PHONE_TYPES), "position": 1})
    return phones


def _user(record: Record) -> dict:
    first, last = record.pick("first", FIRST_NAMES), record.pick("last", LAST_NAMES)
    return {
        "id": remote_id("users", record.index),
        "first_name": first,
        "last_name": last,
        "name": f"{first} {last}",
        "email": f"{first}.{last}.{record.index}@seller.example.com".lower(),
        "title": record.pick("title", ("Account Executive", "SDR", "Sales Manager")),
        "created_at": _time(record.created_at),
        "updated_at": _time(record.modified_at),
    }


def _mailbox(record: Record) -> dict:
    return {
        "id": remote_id("email_accounts", record.index),
        "user_id": remote_id("users", record.number("owner", USERS_SEEN)),
        "email": f"seller{record.index}@seller.example.com",
        "type": record.pick("type", ("gmail", "outlook")),
        "active": record.index % 5 != 4,  # a mailbox whose sending was turned off
        "default": record.index % 3 == 0,
        "provider_display_name": record.pick("provider", ("Gmail", "Microsoft Outlook")),
        "created_at": _time(record.created_at),
        "last_synced_at": _time(record.modified_at),
    }


def _time(at: datetime) -> str:
    # Apollo writes UTC with milliseconds: 2023-09-04T19:58:10.633Z
    return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


RENDERERS = {"contacts": _contact, "accounts": _account, "emailer_campaigns": _sequence, "users": _user,
             "email_accounts": _mailbox}
