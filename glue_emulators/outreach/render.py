"""Generated records rendered as Outreach's API v2 shows them: JSON:API resource objects.

Each record is ``{"type", "id", "attributes", "relationships", "links"}``; ids are integers,
times are ISO 8601 in UTC with milliseconds (``2024-01-01T00:00:00.000Z``). Prospects and
accounts carry Outreach's ``custom1`` .. ``custom150`` attributes (a few filled, the rest null).
"""

from __future__ import annotations

from datetime import datetime

from glue_emulators.dataset import Dataset, Record

# path segment (what the API lists) -> JSON:API type
TYPES = {
    "prospects": "prospect", "accounts": "account", "users": "user", "sequences": "sequence",
    "sequenceStates": "sequenceState", "mailboxes": "mailbox", "sequenceSteps": "sequenceStep",
}
CUSTOM_FIELDS = 150  # custom1 .. custom150 on prospects and accounts
FILLED_CUSTOM = {"custom1": ("Enterprise", "Mid-market", "SMB"), "custom2": ("Inbound", "Outbound", "Event"),
                 "custom3": ("EMEA", "NA", "APAC")}
FIRST_NAMES = ("Anna", "Ben", "Carla", "Dmitri", "Elif", "Farah", "Gustav", "Hana", "Ivo", "Jonas", "Kaia", "Liis",
               "Marek", "Nora", "Oskar", "Priya")
LAST_NAMES = ("Tamm", "Saar", "Kask", "Mets", "Rebane", "Ilves", "Koppel", "Lepik", "Novak", "Okafor", "Petrov",
              "Quinn", "Rossi", "Schmidt")
COMPANY_WORDS = ("Northwind", "Bluebird", "Granite", "Lumen", "Harbor", "Pinecrest", "Vertex", "Solstice", "Cobalt")
TITLES = ("VP Sales", "Head of Marketing", "CTO", "Account Executive", "Operations Manager", "Founder")
INDUSTRIES = ("Software", "Retail", "Manufacturing", "Finance", "Healthcare")
CITIES = (("Tallinn", "Harju", "EE"), ("Berlin", "Berlin", "DE"), ("Austin", "TX", "US"), ("Toronto", "ON", "CA"))
SEQUENCE_STATES = ("active", "pending", "finished", "paused", "disabled", "failed", "bounced", "opted_out")
SHARE_TYPES = ("private", "read_only", "shared")
STEP_TYPES = ("auto_email", "manual_email", "call", "task")
TAGS = ("q3", "webinar", "renewal", "priority", "partner")
API_ROOT = "https://api.outreach.io/api/v2"


def iso(at: datetime) -> str:
    """Outreach's times: UTC with milliseconds, e.g. 2024-01-01T10:20:00.000Z."""
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


def remote_id(object_name: str, index: int) -> str:
    return str(index + 1)


class Renderer:
    """Turns records into Outreach resource objects; relationships point at records that exist."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset

    def __call__(self, object_name: str, record: Record) -> dict:
        attributes, relationships = getattr(self, object_name)(record)
        kind = TYPES[object_name]
        return {
            "type": kind, "id": record.index + 1,
            "attributes": {**attributes, "createdAt": iso(record.created_at), "updatedAt": iso(record.modified_at)},
            "relationships": relationships,
            "links": {"self": f"{API_ROOT}/{object_name}/{record.index + 1}"},
        }

    # -- one method per object: (attributes, relationships) ---------------------------------

    def prospects(self, r: Record) -> tuple[dict, dict]:
        first, last = r.pick("first", FIRST_NAMES), r.pick("last", LAST_NAMES)
        city, state, country = r.pick("city", CITIES)
        email = f"{first}.{last}{r.index + 1}@example.com".lower()
        attributes = {
            "firstName": first, "lastName": last, "name": f"{first} {last}", "title": r.pick("title", TITLES),
            "company": r.pick("company", COMPANY_WORDS), "emails": [email],
            "workPhones": [f"+1 512 555 {r.number('work', 10**4):04d}"],
            "mobilePhones": [f"+372 5{r.number('mobile', 10**6):06d}"] if r.number("has_mobile", 2) else [],
            "homePhones": [], "otherPhones": [], "voipPhones": [],
            "addressStreet": f"{1 + r.number('street', 300)} Main Street", "addressStreet2": None,
            "addressCity": city, "addressState": state, "addressZip": f"{10000 + r.number('zip', 89999)}",
            "addressCountry": country, "timeZone": "UTC", "tags": [r.pick("tag", TAGS)],
            "openCount": r.number("opens", 40), "clickCount": r.number("clicks", 15),
            "replyCount": r.number("replies", 5), "engagedScore": float(r.number("score", 100)),
            "engagedAt": None, "optedOut": r.number("optout", 20) == 0,
            **self._custom(r),
        }
        relationships = {
            "account": self._to_one(r, "account", "accounts"), "owner": self._to_one(r, "owner", "users"),
            "stage": {"data": None},
        }
        return attributes, relationships

    def accounts(self, r: Record) -> tuple[dict, dict]:
        word = r.pick("word", COMPANY_WORDS)
        city, _, _ = r.pick("city", CITIES)
        attributes = {
            "name": f"{word} {r.index + 1}", "domain": f"{word.lower()}{r.index + 1}.example.com",
            "websiteUrl": f"https://{word.lower()}{r.index + 1}.example.com", "industry": r.pick("industry", INDUSTRIES),
            "numberOfEmployees": 10 * (1 + r.number("size", 500)), "locality": city,
            "description": None, "named": r.number("named", 4) == 0, "tags": [r.pick("tag", TAGS)],
            **self._custom(r),
        }
        return attributes, {"owner": self._to_one(r, "owner", "users")}

    def users(self, r: Record) -> tuple[dict, dict]:
        first, last = r.pick("first", FIRST_NAMES), r.pick("last", LAST_NAMES)
        attributes = {
            "firstName": first, "lastName": last, "name": f"{first} {last}",
            "email": f"{first}.{last}.{r.index + 1}@seller.example.com".lower(),
            "username": f"{first}{r.index + 1}".lower(), "title": r.pick("title", TITLES),
            "locked": r.number("locked", 9) == 0, "lastSignInAt": iso(r.modified_at),
        }
        return attributes, {"mailbox": self._to_one(r, "mailbox", "mailboxes", same_index=True)}

    def sequences(self, r: Record) -> tuple[dict, dict]:
        counts = {name: r.number(name, 200) for name in ("deliverCount", "openCount", "clickCount", "replyCount",
                                                          "bounceCount", "optOutCount", "failureCount")}
        attributes = {
            "name": f"{r.pick('word', COMPANY_WORDS)} outreach {r.index + 1}", "description": None,
            "enabled": r.number("enabled", 3) != 0, "locked": False, "shareType": r.pick("share", SHARE_TYPES),
            "sequenceType": r.pick("kind", ("interval", "date")), "sequenceStepCount": 1 + r.number("steps", 8),
            "tags": [r.pick("tag", TAGS)], "throttleMaxAddsPerDay": None, **counts,
        }
        return attributes, {"owner": self._to_one(r, "owner", "users")}

    def sequenceStates(self, r: Record) -> tuple[dict, dict]:
        attributes = {"state": r.pick("state", SEQUENCE_STATES), "stateChangedAt": iso(r.modified_at),
                      "pauseReason": None, "errorReason": None, "repliedAt": None}
        relationships = {
            "prospect": self._to_one(r, "prospect", "prospects"), "sequence": self._to_one(r, "sequence", "sequences"),
            "mailbox": self._to_one(r, "mailbox", "mailboxes"), "creator": self._to_one(r, "creator", "users"),
        }
        return attributes, relationships

    def mailboxes(self, r: Record) -> tuple[dict, dict]:
        user = self._to_one(r, "user", "users", same_index=True)
        attributes = {
            "email": f"mailbox{r.index + 1}@seller.example.com", "sendDisabled": r.number("disabled", 6) == 0,
            "userId": user["data"]["id"] if user["data"] else None, "providerType": "exchange_online",
            "maxEmailsPerDay": 500,
        }
        return attributes, {"user": user}

    def sequenceSteps(self, r: Record) -> tuple[dict, dict]:
        attributes = {"stepType": r.pick("type", STEP_TYPES), "order": 1 + r.number("order", 8),
                      "interval": 86400 * (1 + r.number("interval", 5)), "displayName": f"Step {1 + r.number('order', 8)}"}
        return attributes, {"sequence": self._to_one(r, "sequence", "sequences")}

    # -- helpers ----------------------------------------------------------------------------

    def _custom(self, r: Record) -> dict:
        values = {f"custom{n}": None for n in range(1, CUSTOM_FIELDS + 1)}
        values.update({name: r.pick(name, choices) for name, choices in FILLED_CUSTOM.items()})
        return values

    def _to_one(self, r: Record, salt: str, target: str, *, same_index: bool = False) -> dict:
        store = self.dataset.objects.get(target)
        if store is None or store.initial_count == 0:
            return {"data": None}
        index = r.index % store.initial_count if same_index else r.number(salt, store.initial_count)
        return {"data": {"type": TYPES[target], "id": index + 1}}
