"""Realistic field values for generated records: names, companies, picklists of a standard org.

Every value derives from (salt, index, version) through Record.pick/number, so a
record's content is stable until the record changes upstream.
"""

from __future__ import annotations

from datetime import timedelta

from glue_emulators.dataset import Record

FIRST_NAMES = ("Ada", "Ben", "Carla", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Liam",
               "Maya", "Nils", "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tara", "Uma", "Victor", "Wen", "Yusuf")
LAST_NAMES = ("Anders", "Baptiste", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ivanova", "Jensen",
              "Kowalski", "Lopez", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi", "Schmidt", "Tanaka", "Varga")
COMPANY_WORDS = ("Acme", "Blue", "Cedar", "Delta", "Evergreen", "Falcon", "Granite", "Harbor", "Ion", "Juniper",
                 "Keystone", "Lumen", "Meridian", "Nimbus", "Orbit", "Pioneer", "Quartz", "Summit", "Vertex", "Zenith")
COMPANY_KINDS = ("Labs", "Systems", "Logistics", "Foods", "Health", "Energy", "Retail", "Capital", "Media", "Robotics")
INDUSTRIES = ("Agriculture", "Banking", "Biotechnology", "Communications", "Construction", "Consulting", "Education",
              "Electronics", "Energy", "Finance", "Healthcare", "Insurance", "Manufacturing", "Media", "Retail",
              "Technology", "Transportation", "Utilities", "Other")
ACCOUNT_TYPES = ("Prospect", "Customer - Direct", "Customer - Channel", "Channel Partner / Reseller",
                 "Installation Partner", "Technology Partner", "Other")
RATINGS = ("Hot", "Warm", "Cold")
LEAD_SOURCES = ("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other")
LEAD_STATUSES = ("Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted")
OPPORTUNITY_TYPES = ("New Customer", "Existing Customer - Upgrade", "Existing Customer - Replacement",
                     "Existing Customer - Downgrade")
# (StageName, Probability, ForecastCategoryName, IsClosed, IsWon), the default sales process
STAGES = (
    ("Prospecting", 10, "Pipeline", False, False), ("Qualification", 10, "Pipeline", False, False),
    ("Needs Analysis", 20, "Pipeline", False, False), ("Value Proposition", 50, "Pipeline", False, False),
    ("Id. Decision Makers", 60, "Pipeline", False, False), ("Perception Analysis", 70, "Pipeline", False, False),
    ("Proposal/Price Quote", 75, "Pipeline", False, False), ("Negotiation/Review", 90, "Commit", False, False),
    ("Closed Won", 100, "Closed", True, True), ("Closed Lost", 0, "Omitted", True, False),
)
PLACES = (("Berlin", "BE", "Germany"), ("Austin", "TX", "United States"), ("Toronto", "ON", "Canada"),
          ("Lyon", "ARA", "France"), ("Osaka", "27", "Japan"), ("Denver", "CO", "United States"),
          ("Manchester", "ENG", "United Kingdom"), ("Melbourne", "VIC", "Australia"), ("Madrid", "MD", "Spain"),
          ("Seattle", "WA", "United States"))
STREETS = ("Market Street", "Oak Avenue", "Harbor Road", "Station Square", "Mill Lane", "Elm Drive", "Bay Street")
ACCOUNT_BLURBS = ("Regional distributor", "Enterprise software vendor", "Family-owned manufacturer",
                  "Logistics provider", "Clinic network")
TITLES = ("CEO", "CFO", "VP Sales", "Head of Operations", "Procurement Manager", "IT Director", "Account Executive",
          "Marketing Manager", "Engineer", "Office Manager")
DEPARTMENTS = ("Sales", "Finance", "Operations", "IT", "Marketing", "Engineering", "Procurement", "Support")
TIME_ZONES = ("America/Los_Angeles", "America/New_York", "Europe/Berlin", "Europe/London", "Asia/Tokyo")
CUSTOM_STATUSES = ("Draft", "Submitted", "In Review", "Approved", "Rejected", "Done")
CUSTOM_CATEGORIES = ("Hardware", "Software", "Services", "Training", "Support")


def first_name(record: Record) -> str:
    return record.pick("first", FIRST_NAMES)


def last_name(record: Record) -> str:
    return record.pick("last", LAST_NAMES)


def full_name(record: Record) -> str:
    return f"{first_name(record)} {last_name(record)}"


def company(record: Record) -> str:
    return f"{record.pick('company', COMPANY_WORDS)} {record.pick('company-kind', COMPANY_KINDS)} {record.index}"


def domain(record: Record) -> str:
    return record.pick("company", COMPANY_WORDS).lower() + f"{record.index}.example.com"


def email(record: Record) -> str:
    return f"{first_name(record).lower()}.{last_name(record).lower()}@{domain(record)}"


def phone(record: Record) -> str:
    return f"+1 555 {record.number('phone', 900) + 100:03d} {record.number('phone-line', 10000):04d}"


def place(record: Record) -> tuple[str, str, str]:
    return PLACES[record.number("place", len(PLACES))]


def street(record: Record, salt: str = "street") -> str:
    """A Street field: one line, or two (Salesforce keeps a multi-line street in one textarea)."""
    line = f"{1 + record.number(salt + '-number', 900)} {record.pick(salt, STREETS)}"
    suite = record.number(salt + "-suite", 4)
    return f"{line}\nSuite {100 * suite}" if suite else line


def postal_code(record: Record, salt: str = "postal") -> str:
    return f"{record.number(salt, 100_000):05d}"


def sometimes(record: Record, salt: str, one_in: int, value):
    """``value(record)`` for about one record in ``one_in``, else None (an empty field)."""
    return value(record) if record.number(salt, one_in) == 0 else None


def last_activity(record: Record) -> str | None:
    """LastActivityDate: the latest due date of a closed task or an event, none for some records."""
    return None if record.number("activity", 4) == 0 else date_after_creation(record, "activity-days", 60)


def stage(record: Record) -> tuple[str, int, str, bool, bool]:
    return STAGES[record.number("stage", len(STAGES))]


def money(record: Record, salt: str, low: int, high: int) -> float:
    return float(low + record.number(salt, high - low) // 100 * 100)


def date_after_creation(record: Record, salt: str, max_days: int) -> str:
    return (record.created_at + timedelta(days=record.number(salt, max_days))).date().isoformat()
