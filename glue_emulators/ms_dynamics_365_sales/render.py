"""Dynamics 365 Sales records as the Web API shows them
(https://learn.microsoft.com/power-apps/developer/data-platform/webapi/).

Each table (entity) has a logical name (``account``), an entity set the URL names (``accounts``)
and a primary key attribute (``accountid``). Lookups appear as ``_<name>_value`` GUIDs; choice
columns (``statecode``, ``industrycode``) as integers; dates as UTC ``2024-01-01T00:00:00Z``; each
record carries its row version as ``@odata.etag``. A custom table (``new_project``) and two custom columns
(``new_tier`` on accounts,
``new_preferredchannel`` on contacts) stand for what customers add.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from glue_emulators.dataset import Dataset, Record


@dataclass(frozen=True)
class Table:
    logical_name: str
    entity_set: str
    primary_key: str
    custom: bool = False  # a table the customer made (its names carry their publisher's prefix)


TABLES = {t.logical_name: t for t in (
    Table("account", "accounts", "accountid"),
    Table("contact", "contacts", "contactid"),
    Table("lead", "leads", "leadid"),
    Table("opportunity", "opportunities", "opportunityid"),
    Table("systemuser", "systemusers", "systemuserid"),
    Table("new_project", "new_projects", "new_projectid", custom=True),
)}
BY_ENTITY_SET = {t.entity_set: t for t in TABLES.values()}

FIRST = ("Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery", "Quinn")
LAST = ("Nakamura", "Okafor", "Larsen", "Silva", "Novak", "Haddad", "Moreau", "Fischer", "Kowalski", "Reyes")
COMPANIES = ("Contoso", "Fabrikam", "Northwind", "Litware", "Adventure Works", "Tailspin", "Wingtip", "Proseware")
CITIES = (("Seattle", "WA", "98101", "United States"), ("Dublin", "", "D02", "Ireland"),
          ("Munich", "BY", "80331", "Germany"), ("Toronto", "ON", "M5H", "Canada"))
TIERS = (100000000, 100000001, 100000002)  # new_tier choice values (Gold, Silver, Bronze)
CHANNELS = ("Email", "Phone", "Teams")
STEPS = ("1-Qualify", "2-Develop", "3-Propose", "4-Close")
# Choice columns' labels (what the FormattedValue annotation shows) and lookups' target tables.
STATES = {"account": ("Active", "Inactive"), "contact": ("Active", "Inactive"),
          "lead": ("Open", "Qualified", "Disqualified"), "opportunity": ("Open", "Won", "Lost"),
          "systemuser": (), "new_project": ("Active", "Inactive")}
INDUSTRY_LABELS = {1: "Accounting", 6: "Business Services", 7: "Consulting", 16: "Financial", 20: "Insurance",
                   30: "Transportation", 33: "Wholesale"}
LEAD_SOURCE_LABELS = ("Advertisement", "Employee Referral", "External Referral", "Partner", "Public Relations",
                      "Seminar", "Trade Show", "Web", "Word of Mouth", "Other")
TIER_LABELS = {100000000: "Gold", 100000001: "Silver", 100000002: "Bronze"}
LOOKUP_TARGETS = {"_ownerid_value": "systemuser", "_parentcustomerid_value": "account",
                  "_parentaccountid_value": "account", "_customerid_value": "account",
                  "_parentcontactid_value": "contact", "_new_accountid_value": "account",
                  "_businessunitid_value": "businessunit"}
FORMATTED = "@OData.Community.Display.V1.FormattedValue"
LOOKUP_TABLE = "@Microsoft.Dynamics.CRM.lookuplogicalname"
ORGANIZATION_ID = "5f1a8d0e-7c3b-4e8a-9a51-0d2f6c3b1a10"
BUSINESS_UNIT_ID = "8b2e4f60-1d7a-4c9e-b3f2-6a0c5d4e3f21"


def remote_id(logical_name: str, index: int) -> str:
    """Record ``index``'s GUID: deterministic, so every run of an emulator names records alike."""
    digest = hashlib.blake2b(f"dynamics:{logical_name}:{index}".encode(), digest_size=16).digest()
    return str(uuid.UUID(bytes=digest, version=4))


def odata_time(at: datetime) -> str:
    """Dataverse stores times to the second."""
    return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def annotate(logical_name: str, row: dict, wanted: str) -> dict:
    """``row`` with the annotations ``Prefer: odata.include-annotations`` asked for ("*" or names, comma-separated)."""
    names = {n.strip() for n in wanted.split(",")}
    formatted = "*" in names or FORMATTED[1:] in names
    lookups = "*" in names or LOOKUP_TABLE[1:] in names
    annotated = {}
    for column, value in row.items():
        annotated[column] = value
        if value is None:
            continue
        if formatted:
            label = _label(logical_name, column, value)
            if label is not None:
                annotated[column + FORMATTED] = label
        if lookups and column in LOOKUP_TARGETS:
            annotated[column + LOOKUP_TABLE] = LOOKUP_TARGETS[column]
    return annotated


def _label(logical_name: str, column: str, value) -> str | None:
    if column == "statecode" and STATES.get(logical_name):
        return STATES[logical_name][value]
    if column == "industrycode":
        return INDUSTRY_LABELS.get(value, f"Industry {value}")
    if column == "leadsourcecode":
        return LEAD_SOURCE_LABELS[value - 1]
    if column == "new_tier":
        return TIER_LABELS[value]
    if isinstance(value, float):
        return f"${value:,.2f}"  # money columns show in the organisation's currency
    return None


class Renderer:
    def __init__(self, dataset: Dataset):
        self.dataset = dataset

    def __call__(self, logical_name: str, record: Record) -> dict:
        table = TABLES[logical_name]
        body = {
            "@odata.etag": f'W/"{1000000 + record.index * 10 + record.version}"',
            table.primary_key: remote_id(logical_name, record.index),
            "createdon": odata_time(record.created_at),
            "modifiedon": odata_time(record.modified_at),
        }
        if logical_name != "systemuser":
            body["_ownerid_value"] = self._user(record)
        return body | getattr(self, f"_{logical_name}")(record)

    def _user(self, record: Record) -> str:
        users = max(1, self.dataset["systemuser"].initial_count) if "systemuser" in self.dataset.objects else 1
        return remote_id("systemuser", record.number("owner", users))

    def _account_of(self, record: Record) -> str | None:
        if "account" not in self.dataset.objects or record.number("has-account", 5) == 0:
            return None
        return remote_id("account", record.number("account", max(1, self.dataset["account"].initial_count)))

    @staticmethod
    def _address(record: Record) -> dict:
        city, state, postcode, country = record.pick("city", CITIES)
        return {"address1_line1": f"{record.number('street', 900) + 1} Main Street", "address1_city": city,
                "address1_stateorprovince": state, "address1_postalcode": postcode, "address1_country": country}

    def _account(self, record: Record) -> dict:
        return {
            "name": f"{record.pick('company', COMPANIES)} {record.index}",
            "accountnumber": f"ACC-{record.index:06d}",
            "description": f"Account {record.index}, version {record.version}",
            "websiteurl": f"https://account{record.index}.example.com",
            "telephone1": f"+1 206 555 {record.number('phone', 10000):04d}",
            "industrycode": record.number("industry", 33) + 1,
            "numberofemployees": record.number("employees", 5000) + 1,
            "statecode": 0, "statuscode": 1,
            "lastusedincampaign": None,
            "new_tier": record.pick("tier", TIERS),
            **self._address(record),
        }

    def _contact(self, record: Record) -> dict:
        first, last = record.pick("first", FIRST), record.pick("last", LAST)
        return {
            "firstname": first, "lastname": last, "fullname": f"{first} {last}",
            "emailaddress1": f"{first.lower()}.{last.lower()}{record.index}@example.com",
            "telephone1": f"+1 425 555 {record.number('phone', 10000):04d}",
            "mobilephone": f"+1 425 556 {record.number('mobile', 10000):04d}",
            "jobtitle": record.pick("title", ("Buyer", "CTO", "Engineer", "VP Sales")),
            "_parentcustomerid_value": self._account_of(record),
            "statecode": 0, "statuscode": 1,
            "lastusedincampaign": None,
            "new_preferredchannel": record.pick("channel", CHANNELS),
            **self._address(record),
        }

    def _lead(self, record: Record) -> dict:
        first, last = record.pick("first", FIRST), record.pick("last", LAST)
        state = record.number("state", 3)  # 0 Open, 1 Qualified, 2 Disqualified
        return {
            "firstname": first, "lastname": last, "fullname": f"{first} {last}",
            "subject": f"Interest in plan {record.number('plan', 4) + 1}",
            "companyname": f"{record.pick('company', COMPANIES)} {record.index}",
            "emailaddress1": f"lead{record.index}@example.org",
            "telephone1": f"+44 20 5550 {record.number('phone', 10000):04d}",
            "jobtitle": record.pick("title", ("Founder", "Analyst", "Head of Ops")),
            "leadsourcecode": record.number("source", 10) + 1,
            "statecode": state, "statuscode": (1, 3, 4)[state],
            "_parentaccountid_value": self._account_of(record) if state == 1 else None,
            "_parentcontactid_value": None,
            **self._address(record),
        }

    def _opportunity(self, record: Record) -> dict:
        state = record.number("state", 3)  # 0 Open, 1 Won, 2 Lost
        closed = odata_time(record.modified_at) if state else None
        return {
            "name": f"{record.pick('company', COMPANIES)} deal {record.index}",
            "description": f"Opportunity {record.index}, version {record.version}",
            "estimatedvalue": float(record.number("value", 500) * 100),
            "estimatedclosedate": f"2025-{record.number('month', 12) + 1:02d}-15",
            "actualclosedate": closed[:10] if closed else None,
            "closeprobability": record.number("probability", 101),
            "stepname": record.pick("step", STEPS),
            "statecode": state, "statuscode": (1, 3, 4)[state],
            "_parentaccountid_value": self._account_of(record),
            "_customerid_value": self._account_of(record),
        }

    def _systemuser(self, record: Record) -> dict:
        first, last = record.pick("first", FIRST), record.pick("last", LAST)
        return {
            "firstname": first, "lastname": last, "fullname": f"{first} {last}",
            "internalemailaddress": f"{first.lower()}.{last.lower()}{record.index}@contoso.onmicrosoft.com",
            "domainname": f"{first.lower()}{record.index}@contoso.onmicrosoft.com",
            "isdisabled": record.number("disabled", 10) == 0,
            "_businessunitid_value": BUSINESS_UNIT_ID,
        }

    def _new_project(self, record: Record) -> dict:
        return {
            "new_name": f"Project {record.index}",
            "new_budget": float(record.number("budget", 1000) * 50),
            "_new_accountid_value": self._account_of(record),
            "statecode": 0, "statuscode": 1,
        }
