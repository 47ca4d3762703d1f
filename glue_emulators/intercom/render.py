"""Intercom's records as its REST API (version 2.11) shows them, generated from the emulator's dataset.

Ids follow Intercom's shapes: contacts and companies have 24-hex-digit ids, conversations and admins
numeric strings. Times are whole epoch seconds. A record's fields derive from (index, version), so the
same record always renders the same way until it changes upstream.
"""

from __future__ import annotations

from datetime import datetime

from glue_emulators.dataset import Dataset, Record

WORKSPACE_ID = "ecahpwf5"
FIRST_NAMES = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John", "Margaret", "Ken")
LAST_NAMES = ("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus", "Hamilton", "Thompson")
CITIES = (("United Kingdom", "England", "London"), ("Ireland", "Leinster", "Dublin"),
          ("United States", "California", "San Francisco"), ("Australia", "New South Wales", "Sydney"))
INDUSTRIES = ("Software", "Manufacturing", "Retail", "Healthcare", "Education")
PLANS = ("free", "starter", "pro", "enterprise")
TOPICS = ("Billing question", "Cannot sign in", "Feature request", "Bug report", "Upgrade help")
ID_BASES = {"contacts": 0x6571C3A0F1E2D3C4B5A60000, "companies": 0x6571C3A0F1E2D3C4B5B70000}
NUMERIC_BASES = {"conversations": 178_000_000_000, "admins": 7_382_000}


def remote_id(object_name: str, index: int) -> str:
    if object_name in ID_BASES:
        return f"{ID_BASES[object_name] + index:024x}"
    return str(NUMERIC_BASES[object_name] + index)


def epoch(at: datetime) -> int:
    return int(at.timestamp())


class Renderer:
    """``render(object, record)``: one record as Intercom's API answers it."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset

    def __call__(self, object_name: str, record: Record) -> dict:
        return getattr(self, object_name)(record)

    def _admin_id(self, record: Record) -> int | None:
        admins = self.dataset.objects.get("admins")
        if admins is None or admins.count == 0:
            return None
        return int(remote_id("admins", record.number("owner", admins.count)))

    def contacts(self, record: Record) -> dict:
        first, last = record.pick("first", FIRST_NAMES), record.pick("last", LAST_NAMES)
        country, region, city = CITIES[record.number("city", len(CITIES))]
        contact_id = remote_id("contacts", record.index)
        return {
            "type": "contact", "id": contact_id, "workspace_id": WORKSPACE_ID,
            "external_id": f"user-{record.index}", "role": "lead" if record.index % 5 == 4 else "user",
            "email": f"{first}.{last}.{record.index}@example.com".lower(), "email_domain": "example.com",
            "phone": f"+44 20 7946 {record.number('phone', 10_000):04d}", "name": f"{first} {last}",
            "owner_id": self._admin_id(record), "has_hard_bounced": False, "marked_email_as_spam": False,
            "unsubscribed_from_emails": record.index % 9 == 8,
            "created_at": epoch(record.created_at), "updated_at": epoch(record.modified_at),
            "signed_up_at": epoch(record.created_at), "last_seen_at": epoch(record.modified_at),
            "last_replied_at": None, "last_contacted_at": None, "last_email_opened_at": None,
            "last_email_clicked_at": None, "language_override": None, "browser": "chrome",
            "browser_version": "120.0.0.0", "browser_language": "en", "os": "Linux", "android_app_name": None,
            "ios_app_name": None, "avatar": None,
            "location": {"type": "location", "country": country, "region": region, "city": city},
            "custom_attributes": {"plan": record.pick("plan", PLANS), "seats": 1 + record.number("seats", 50)},
            "tags": {"type": "list", "data": [], "url": f"/contacts/{contact_id}/tags", "total_count": 0,
                     "has_more": False},
            "companies": {"type": "list", "data": [], "url": f"/contacts/{contact_id}/companies", "total_count": 0,
                          "has_more": False},
            "social_profiles": {"type": "list", "data": []},
        }

    def companies(self, record: Record) -> dict:
        name = f"{record.pick('last', LAST_NAMES)} {record.pick('kind', ('Engines', 'Labs', 'Works', 'Systems'))}"
        return {
            "type": "company", "id": remote_id("companies", record.index), "app_id": WORKSPACE_ID,
            "company_id": f"company-{record.index}", "name": name,
            "remote_created_at": epoch(record.created_at), "created_at": epoch(record.created_at),
            "updated_at": epoch(record.modified_at), "last_request_at": epoch(record.modified_at),
            "monthly_spend": record.number("spend", 5_000), "session_count": record.number("sessions", 400),
            "user_count": 1 + record.number("users", 200), "size": 1 + record.number("size", 1_000),
            "website": f"https://company-{record.index}.example.com", "industry": record.pick("industry", INDUSTRIES),
            "plan": {"type": "plan", "id": str(1 + record.number("plan", 4)), "name": record.pick("plan", PLANS)},
            "custom_attributes": {"region": CITIES[record.number("city", len(CITIES))][0]},
            "tags": {"type": "tag.list", "tags": []}, "segments": {"type": "segment.list", "segments": []},
        }

    def conversations(self, record: Record) -> dict:
        contacts = self.dataset.objects.get("contacts")
        author = record.number("contact", contacts.count) if contacts is not None and contacts.count else 0
        state = record.pick("state", ("open", "closed", "closed", "snoozed"))
        return {
            "type": "conversation", "id": remote_id("conversations", record.index),
            "title": record.pick("topic", TOPICS), "created_at": epoch(record.created_at),
            "updated_at": epoch(record.modified_at), "waiting_since": None, "snoozed_until": None,
            "open": state != "closed", "state": state, "read": record.index % 3 != 0,
            "priority": "priority" if record.index % 10 == 0 else "not_priority",
            "admin_assignee_id": self._admin_id(record), "team_assignee_id": None,
            "tags": {"type": "tag.list", "tags": []},
            "source": {"type": "conversation", "id": str(400_000_000 + record.index), "delivered_as": "customer_initiated",
                       "subject": "", "body": f"<p>{record.pick('topic', TOPICS)}, please.</p>",
                       "author": {"type": "user", "id": remote_id("contacts", author), "name": None, "email": None},
                       "attachments": [], "url": None, "redacted": False},
            "contacts": {"type": "contact.list", "contacts": [{"type": "contact", "id": remote_id("contacts", author),
                                                               "external_id": f"user-{author}"}]},
            "teammates": {"type": "admin.list", "admins": []},
            "first_contact_reply": None, "sla_applied": None, "statistics": None,
            "conversation_rating": None, "custom_attributes": {}, "topics": {}, "ticket": None, "linked_objects": {
                "type": "list", "data": [], "total_count": 0, "has_more": False},
        }

    def admins(self, record: Record) -> dict:
        first, last = record.pick("first", FIRST_NAMES), record.pick("last", LAST_NAMES)
        return {
            "type": "admin", "id": remote_id("admins", record.index), "name": f"{first} {last}",
            "email": f"{first}.{last}.{record.index}@acme.example".lower(), "email_verified": True,
            "job_title": record.pick("title", ("Support Engineer", "Success Manager", "Head of Support")),
            "away_mode_enabled": False, "away_mode_reassign": False, "has_inbox_seat": record.index % 4 != 3,
            "team_ids": [], "avatar": {"type": "avatar", "image_url": None},
        }
