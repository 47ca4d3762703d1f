"""Generated records rendered as Zoho CRM's API v5 returns them.

Field API names follow Zoho's standard modules (https://www.zoho.com/crm/developer/docs/api/v5/modules-api.html):
lookups are ``{"name", "id"}`` objects, owners ``{"name", "id", "email"}``, times are ISO 8601 in the
organisation's time zone with its offset (here India, +05:30, as Zoho's own examples), ids are 19-digit
numbers sent as text. Each module also carries the organisation's custom fields (``fields.py``); any other
object of the dataset is a custom module (``Name``, ``Owner``, ``Email``, times and a ``Units`` field).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

from glue_emulators.dataset import Dataset, Record

ORG_ZONE = timezone(timedelta(hours=5, minutes=30))
ID_BASE = 5725767000000000000
MODULE_CODES = {"Leads": 1, "Contacts": 2, "Accounts": 3, "Deals": 4, "users": 5}

FIRST_NAMES = ("Asha", "Bram", "Chloe", "Dev", "Esme", "Femi", "Greta", "Hiro", "Ines", "Jomo", "Kira", "Luca",
               "Maya", "Nils", "Olu", "Pia", "Quinn", "Ravi", "Sana", "Timo")
LAST_NAMES = ("Iyer", "Jansen", "Moreau", "Nair", "Okoro", "Petersen", "Rao", "Silva", "Tanaka", "Vogel", "Weiss",
              "Young", "Zhou", "Alvarez", "Brandt", "Costa")
COMPANY_WORDS = ("Zylker", "Sunrise", "Tidewater", "Oakridge", "Crescent", "Ironbridge", "Bluefin", "Redwood",
                 "Summit", "Lakeside")
COMPANY_SUFFIXES = ("Pvt Ltd", "Inc", "GmbH", "SARL", "LLC", "BV")
INDUSTRIES = ("ASP (Application Service Provider)", "Data/Telecom OEM", "ERP (Enterprise Resource Planning)",
              "Government/Military", "Large Enterprise", "Manufacturing", "Storage Service Provider")
LEAD_SOURCES = ("Advertisement", "Cold Call", "Employee Referral", "External Referral", "Online Store", "Partner",
                "Public Relations", "Trade Show", "Web Download", "Chat")
LEAD_STATUSES = ("Attempted to Contact", "Contact in Future", "Contacted", "Junk Lead", "Lost Lead",
                 "Not Contacted", "Pre-Qualified", "Not Qualified")
DEAL_STAGES = ("Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers", "Perception Analysis",
               "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost", "Closed-Lost to Competition")
STAGE_PROBABILITY = {"Qualification": 10, "Needs Analysis": 20, "Value Proposition": 40, "Id. Decision Makers": 60,
                     "Perception Analysis": 70, "Proposal/Price Quote": 75, "Negotiation/Review": 90,
                     "Closed Won": 100, "Closed Lost": 0, "Closed-Lost to Competition": 0}
CITIES = (("Chennai", "Tamil Nadu", "India", "600001"), ("Austin", "Texas", "United States", "73301"),
          ("Amsterdam", "North Holland", "Netherlands", "1011"), ("Lyon", "Auvergne-Rhone-Alpes", "France", "69001"))
ROLES = (("CEO", 1), ("Manager", 2), ("Sales Representative", 3))
PROFILES = (("Administrator", 1), ("Standard", 2))
USER_STATUSES = ("active", "active", "active", "disabled")
LANGUAGES = ("English", "Hindi", "Dutch", "French")


def zoho_time(at: datetime) -> str:
    """Whole seconds in the organisation's zone: 2024-01-01T05:30:00+05:30."""
    return at.astimezone(ORG_ZONE).replace(microsecond=0).isoformat()


def module_code(module: str) -> int:
    """The digits that set a module's ids apart; a custom module's follow from its API name."""
    if module in MODULE_CODES:
        return MODULE_CODES[module]
    return 10 + int(hashlib.sha1(module.encode()).hexdigest(), 16) % 80


def remote_id(module: str, index: int) -> str:
    return str(ID_BASE + module_code(module) * 10**9 + index + 1)


def is_closed_stage(stage: str) -> bool:
    return stage.startswith("Closed")


class Renderer:
    """Turns records into Zoho JSON; lookups point at records that exist."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset

    def __call__(self, module: str, record: Record) -> dict:
        standard = {"Leads": self.lead, "Contacts": self.contact, "Accounts": self.account, "Deals": self.deal,
                    "users": self.user}.get(module)
        return standard(record) if standard else self.custom(module, record)

    def custom(self, module: str, r: Record) -> dict:
        """A record of a custom module: its Name, owner, times, and the module's own fields."""
        return {
            "id": remote_id(module, r.index), "Owner": self.owner(r),
            "Name": f"{r.pick('word', COMPANY_WORDS)} {module.rstrip('s')} {r.index + 1}",
            "Email": f"{module.lower()}{r.index + 1}@zylker.example",
            "Created_Time": zoho_time(r.created_at), "Modified_Time": zoho_time(r.modified_at),
            "Units": 1 + r.number("units", 50),
        }

    def lead(self, r: Record) -> dict:
        first, last = r.pick("first", FIRST_NAMES), r.pick("last", LAST_NAMES)
        city, state, country, code = r.pick("city", CITIES)
        return {
            "id": remote_id("Leads", r.index), "Owner": self.owner(r), "First_Name": first, "Last_Name": last,
            "Full_Name": f"{first} {last}", "Email": f"{first}.{last}.{r.index + 1}@zylker.example".lower(),
            "Phone": f"+91 44 {r.number('phone', 10**8):08d}",
            "Mobile": f"+91 9{r.number('mobile', 10**9):09d}" if r.number("has_mobile", 2) else None,
            "Company": self._company_name(r), "Designation": r.pick("title", ("CEO", "CTO", "Buyer", "Analyst")),
            "Lead_Source": r.pick("source", LEAD_SOURCES), "Lead_Status": r.pick("status", LEAD_STATUSES),
            "Industry": r.pick("industry", INDUSTRIES), "Street": f"{1 + r.number('street', 300)} Anna Salai",
            "City": city, "State": state, "Zip_Code": code, "Country": country,
            "Created_Time": zoho_time(r.created_at), "Modified_Time": zoho_time(r.modified_at),
            "$converted": False, "Preferred_Language": r.pick("language", LANGUAGES),
        }

    def contact(self, r: Record) -> dict:
        first, last = r.pick("first", FIRST_NAMES), r.pick("last", LAST_NAMES)
        city, state, country, code = r.pick("city", CITIES)
        return {
            "id": remote_id("Contacts", r.index), "Owner": self.owner(r), "First_Name": first, "Last_Name": last,
            "Full_Name": f"{first} {last}", "Email": f"{first}.{last}.{r.index + 1}@example.net".lower(),
            "Secondary_Email": None, "Phone": f"+1 512 {r.number('phone', 10**7):07d}",
            "Mobile": f"+1 737 {r.number('mobile', 10**7):07d}" if r.number("has_mobile", 2) else None,
            "Fax": None, "Title": r.pick("title", ("Head of Sales", "Buyer", "Engineer", "Founder")),
            "Department": r.pick("department", ("Sales", "Procurement", "IT")),
            "Account_Name": self.lookup(r, "account", "Accounts", self._account_name),
            "Lead_Source": r.pick("source", LEAD_SOURCES),
            "Mailing_Street": f"{1 + r.number('street', 900)} Congress Ave", "Mailing_City": city,
            "Mailing_State": state, "Mailing_Zip": code, "Mailing_Country": country,
            "Last_Activity_Time": zoho_time(r.modified_at),
            "Created_Time": zoho_time(r.created_at), "Modified_Time": zoho_time(r.modified_at),
            "Preferred_Language": r.pick("language", LANGUAGES),
        }

    def account(self, r: Record) -> dict:
        city, state, country, code = r.pick("city", CITIES)
        name = self._account_name(r)
        return {
            "id": remote_id("Accounts", r.index), "Owner": self.owner(r), "Account_Name": name,
            "Description": f"{name} buys from us through {r.pick('channel', ('partners', 'the web store', 'sales'))}.",
            "Industry": r.pick("industry", INDUSTRIES),
            "Website": f"https://www.{name.split()[0].lower()}{r.index + 1}.example",
            "Employees": 5 + r.number("employees", 5000), "Phone": f"+31 20 {r.number('phone', 10**7):07d}",
            "Fax": None, "Account_Type": r.pick("type", ("Customer", "Prospect", "Partner", "Reseller")),
            "Billing_Street": f"{1 + r.number('street', 400)} Damrak", "Billing_City": city, "Billing_State": state,
            "Billing_Code": code, "Billing_Country": country,
            "Shipping_Street": None, "Shipping_City": None, "Shipping_State": None, "Shipping_Code": None,
            "Shipping_Country": None,
            "Last_Activity_Time": zoho_time(r.modified_at) if r.number("active", 3) else None,
            "Created_Time": zoho_time(r.created_at), "Modified_Time": zoho_time(r.modified_at),
            "Customer_Tier": r.pick("tier", ("Gold", "Silver", "Bronze")),
        }

    def deal(self, r: Record) -> dict:
        stage = r.pick("stage", DEAL_STAGES)
        return {
            "id": remote_id("Deals", r.index), "Owner": self.owner(r),
            "Deal_Name": f"{r.pick('word', COMPANY_WORDS)} {r.pick('kind', ('renewal', 'expansion', 'pilot'))}",
            "Description": None if r.number("described", 2) else "Agreed on a call; paperwork follows.",
            "Amount": float(r.number("amount", 900) * 100 + 500), "Stage": stage,
            "Probability": STAGE_PROBABILITY[stage], "Pipeline": "Standard (Standard)",
            "Closing_Date": (r.created_at + timedelta(days=15 + r.number("close", 120))).date().isoformat(),
            "Type": r.pick("type", ("New Business", "Existing Business")), "Lead_Source": r.pick("source", LEAD_SOURCES),
            "Account_Name": self.lookup(r, "account", "Accounts", self._account_name),
            "Contact_Name": self.lookup(r, "contact", "Contacts", self._contact_name),
            "Last_Activity_Time": zoho_time(r.modified_at) if r.number("active", 3) else None,
            "Created_Time": zoho_time(r.created_at), "Modified_Time": zoho_time(r.modified_at),
            "Contract_Months": 12 * (1 + r.number("years", 3)),
        }

    def user(self, r: Record) -> dict:
        first, last = r.pick("first", FIRST_NAMES), r.pick("last", LAST_NAMES)
        role, role_number = ROLES[0] if r.index == 0 else r.pick("role", ROLES)
        profile, profile_number = PROFILES[0] if r.index == 0 else r.pick("profile", PROFILES)
        return {
            "id": remote_id("users", r.index), "first_name": first, "last_name": last, "full_name": f"{first} {last}",
            "email": self.user_email(r.index, first, last),
            "status": "deleted" if r.deleted else ("active" if r.index == 0 else r.pick("status", USER_STATUSES)),
            "role": {"name": role, "id": str(ID_BASE + 9 * 10**9 + role_number)},
            "profile": {"name": profile, "id": str(ID_BASE + 8 * 10**9 + profile_number)},
            "confirm": True, "time_zone": "Asia/Kolkata", "locale": "en_US", "country_locale": "en_US",
            "created_time": zoho_time(r.created_at), "Modified_Time": zoho_time(r.modified_at),
        }

    # -- shared parts ------------------------------------------------------------------

    @staticmethod
    def user_email(index: int, first: str, last: str) -> str:
        return f"{first}.{last}.{index + 1}@zylker.example".lower()

    def owner(self, r: Record) -> dict | None:
        users = self.dataset.objects.get("users")
        if users is None or users.initial_count == 0:
            return None
        user = users.record(r.number("owner", users.initial_count))
        first, last = user.pick("first", FIRST_NAMES), user.pick("last", LAST_NAMES)
        return {"name": f"{first} {last}", "id": remote_id("users", user.index),
                "email": self.user_email(user.index, first, last)}

    def lookup(self, r: Record, salt: str, module: str, name_of) -> dict | None:
        store = self.dataset.objects.get(module)
        if store is None or store.initial_count == 0:
            return None
        target = store.record(r.number(salt, store.initial_count))
        return {"name": name_of(target), "id": remote_id(module, target.index)}

    @staticmethod
    def _company_name(r: Record) -> str:
        return f"{r.pick('cword', COMPANY_WORDS)} {r.pick('csuffix', COMPANY_SUFFIXES)}"

    @staticmethod
    def _account_name(r: Record) -> str:
        return f"{r.pick('aword', COMPANY_WORDS)} {r.pick('asuffix', COMPANY_SUFFIXES)} {r.index + 1}"

    @staticmethod
    def _contact_name(r: Record) -> str:
        return f"{r.pick('first', FIRST_NAMES)} {r.pick('last', LAST_NAMES)}"
