"""The emulated org's objects: the standard ones Glue syncs and any custom object (Name__c).

Each field knows its Salesforce type and how its value is generated. Fields without a
generator are set by the platform (Id, timestamps, IsDeleted) or point at another
record (OwnerId, AccountId, ...); records.py fills those in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from glue_emulators.dataset import Record
from glue_emulators.salesforce import values as v
from glue_emulators.salesforce.ids import BASE62


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Salesforce field type: id, string, picklist, boolean, datetime, date, currency, int, reference, ...
    value: Callable[[Record], Any] | None = None
    reference_to: str | None = None

    @property
    def custom(self) -> bool:
        return self.name.endswith("__c")


@dataclass(frozen=True)
class SObject:
    name: str
    label: str
    label_plural: str
    key_prefix: str
    fields: tuple[Field, ...]
    custom: bool = False
    _by_lower_name: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_lower_name", {f.name.lower(): f for f in self.fields})

    def field(self, name: str) -> Field | None:
        """SOQL field names are case-insensitive."""
        return self._by_lower_name.get(name.lower())

    @property
    def has_is_deleted(self) -> bool:
        return self.field("IsDeleted") is not None  # User has none: users are deactivated, never deleted


def _system(owned: bool = True, deletable: bool = True) -> tuple[Field, ...]:
    fields = [Field("Id", "id")]
    if owned:
        fields.append(Field("OwnerId", "reference", reference_to="User"))
    if deletable:
        fields.append(Field("IsDeleted", "boolean"))
    fields += [
        Field("CreatedDate", "datetime"), Field("CreatedById", "reference", reference_to="User"),
        Field("LastModifiedDate", "datetime"), Field("LastModifiedById", "reference", reference_to="User"),
        Field("SystemModstamp", "datetime"),
    ]
    return tuple(fields)


def _ships(record: Record) -> bool | None:
    """Most accounts ship where they are billed; about one in four has no shipping address (None)."""
    return None if record.number("ships", 4) == 0 else True


def _mobile(record: Record) -> str:
    return f"+1 555 {record.number('mobile', 900) + 100:03d} {record.number('mobile-line', 10000):04d}"


ACCOUNT = SObject("Account", "Account", "Accounts", "001", _system() + (
    Field("Name", "string", v.company),
    Field("Type", "picklist", lambda r: r.pick("type", v.ACCOUNT_TYPES)),
    Field("Industry", "picklist", lambda r: r.pick("industry", v.INDUSTRIES)),
    Field("AnnualRevenue", "currency", lambda r: v.money(r, "revenue", 100_000, 500_000_000)),
    Field("NumberOfEmployees", "int", lambda r: 5 + r.number("employees", 20_000)),
    Field("Phone", "phone", v.phone),
    Field("Website", "url", lambda r: "https://www." + v.domain(r)),
    Field("Fax", "phone", lambda r: v.sometimes(r, "fax", 3, lambda r: v.phone(r).replace("+1 555", "+1 556"))),
    Field("Description", "textarea", lambda r: f"{r.pick('blurb', v.ACCOUNT_BLURBS)}, revision {r.version}"),
    Field("BillingStreet", "textarea", v.street),
    Field("BillingCity", "string", lambda r: v.place(r)[0]),
    Field("BillingState", "string", lambda r: v.place(r)[1]),
    Field("BillingPostalCode", "string", v.postal_code),
    Field("BillingCountry", "string", lambda r: v.place(r)[2]),
    # most accounts ship where they are billed; some have no shipping address
    Field("ShippingStreet", "textarea", lambda r: _ships(r) and v.street(r)),
    Field("ShippingCity", "string", lambda r: _ships(r) and v.place(r)[0]),
    Field("ShippingState", "string", lambda r: _ships(r) and v.place(r)[1]),
    Field("ShippingPostalCode", "string", lambda r: _ships(r) and v.postal_code(r)),
    Field("ShippingCountry", "string", lambda r: _ships(r) and v.place(r)[2]),
    Field("LastActivityDate", "date", v.last_activity),
    Field("Rating", "picklist", lambda r: r.pick("rating", v.RATINGS)),
    Field("AccountSource", "picklist", lambda r: r.pick("source", v.LEAD_SOURCES)),
))

CONTACT = SObject("Contact", "Contact", "Contacts", "003", _system() + (
    Field("AccountId", "reference", reference_to="Account"),
    Field("FirstName", "string", v.first_name),
    Field("LastName", "string", v.last_name),
    Field("Name", "string", v.full_name),
    Field("Email", "email", v.email),
    Field("Phone", "phone", v.phone),
    Field("Title", "string", lambda r: r.pick("title", v.TITLES)),
    Field("Department", "string", lambda r: r.pick("department", v.DEPARTMENTS)),
    Field("MobilePhone", "phone", _mobile),
    Field("Fax", "phone", lambda r: v.sometimes(r, "fax", 3, lambda r: v.phone(r).replace("+1 555", "+1 556"))),
    Field("HomePhone", "phone", lambda r: v.sometimes(r, "home", 4, lambda r: v.phone(r).replace("+1 555", "+1 557"))),
    Field("MailingStreet", "textarea", v.street),
    Field("MailingCity", "string", lambda r: v.place(r)[0]),
    Field("MailingState", "string", lambda r: v.place(r)[1]),
    Field("MailingPostalCode", "string", v.postal_code),
    Field("MailingCountry", "string", lambda r: v.place(r)[2]),
    Field("OtherStreet", "textarea", lambda r: v.sometimes(r, "other-address", 5, lambda r: v.street(r, "other"))),
    Field("OtherCity", "string", lambda r: v.sometimes(r, "other-address", 5, lambda r: v.place(r)[0])),
    Field("OtherState", "string", lambda r: None),
    Field("OtherPostalCode", "string", lambda r: v.sometimes(r, "other-address", 5, lambda r: v.postal_code(r, "o"))),
    Field("OtherCountry", "string", lambda r: v.sometimes(r, "other-address", 5, lambda r: v.place(r)[2])),
    Field("LastActivityDate", "date", v.last_activity),
    Field("LeadSource", "picklist", lambda r: r.pick("source", v.LEAD_SOURCES)),
))

def _converted(record: Record) -> bool:
    return record.pick("status", v.LEAD_STATUSES) == "Closed - Converted"


LEAD = SObject("Lead", "Lead", "Leads", "00Q", _system() + (
    Field("FirstName", "string", v.first_name),
    Field("LastName", "string", v.last_name),
    Field("Name", "string", v.full_name),
    Field("Company", "string", v.company),
    Field("Title", "string", lambda r: r.pick("title", v.TITLES)),
    Field("Email", "email", v.email),
    Field("Phone", "phone", v.phone),
    Field("Status", "picklist", lambda r: r.pick("status", v.LEAD_STATUSES)),
    Field("LeadSource", "picklist", lambda r: r.pick("source", v.LEAD_SOURCES)),
    Field("Industry", "picklist", lambda r: r.pick("industry", v.INDUSTRIES)),
    Field("Rating", "picklist", lambda r: r.pick("rating", v.RATINGS)),
    Field("IsConverted", "boolean", lambda r: _converted(r)),
    Field("ConvertedDate", "date", lambda r: v.date_after_creation(r, "converted", 30) if _converted(r) else None),
    Field("ConvertedContactId", "reference", reference_to="Contact"),
    Field("ConvertedAccountId", "reference", reference_to="Account"),
    Field("MobilePhone", "phone", _mobile),
    Field("Fax", "phone", lambda r: v.sometimes(r, "fax", 3, lambda r: v.phone(r).replace("+1 555", "+1 556"))),
    Field("Street", "textarea", v.street),
    Field("City", "string", lambda r: v.place(r)[0]),
    Field("State", "string", lambda r: v.place(r)[1]),
    Field("PostalCode", "string", v.postal_code),
    Field("Country", "string", lambda r: v.place(r)[2]),
))

OPPORTUNITY = SObject("Opportunity", "Opportunity", "Opportunities", "006", _system() + (
    Field("AccountId", "reference", reference_to="Account"),
    Field("Name", "string", lambda r: f"{v.company(r)} - {r.pick('opp-type', v.OPPORTUNITY_TYPES)}"),
    Field("Amount", "currency", lambda r: v.money(r, "amount", 1_000, 250_000)),
    Field("StageName", "picklist", lambda r: v.stage(r)[0]),
    Field("Probability", "percent", lambda r: float(v.stage(r)[1])),
    Field("CloseDate", "date", lambda r: v.date_after_creation(r, "close", 180)),
    Field("Type", "picklist", lambda r: r.pick("opp-type", v.OPPORTUNITY_TYPES)),
    Field("LeadSource", "picklist", lambda r: r.pick("source", v.LEAD_SOURCES)),
    Field("ForecastCategoryName", "picklist", lambda r: v.stage(r)[2]),
    Field("IsClosed", "boolean", lambda r: v.stage(r)[3]),
    Field("IsWon", "boolean", lambda r: v.stage(r)[4]),
    Field("Description", "textarea", lambda r: f"{r.pick('opp-type', v.OPPORTUNITY_TYPES)} for {v.company(r)}"),
    Field("LastActivityDate", "date", v.last_activity),
))

def _login(record: Record) -> str:
    return f"{v.first_name(record).lower()}.{v.last_name(record).lower()}{record.index}@glue-org.example"


USER = SObject("User", "User", "Users", "005", _system(owned=False, deletable=False) + (
    Field("Username", "string", _login),
    Field("FirstName", "string", v.first_name),
    Field("LastName", "string", v.last_name),
    Field("Name", "string", v.full_name),
    Field("Email", "email", _login),
    Field("Alias", "string", lambda r: (v.first_name(r)[0] + v.last_name(r)[:4]).lower()),
    Field("IsActive", "boolean", lambda r: r.number("active", 10) != 0),
    Field("Title", "string", lambda r: r.pick("title", v.TITLES)),
    Field("Department", "string", lambda r: r.pick("department", v.DEPARTMENTS)),
    Field("TimeZoneSidKey", "picklist", lambda r: r.pick("tz", v.TIME_ZONES)),
    Field("LanguageLocaleKey", "picklist", lambda r: r.pick("language", ("en_US", "de", "fr", "ja", "es"))),
))

STANDARD_OBJECTS = {o.name: o for o in (ACCOUNT, CONTACT, LEAD, OPPORTUNITY, USER)}


def custom_object(name: str, key_prefix: str) -> SObject:
    """Any ``Something__c``: a Name, a lookup to Account and a few typical custom fields."""
    label = name.removesuffix("__c").replace("_", " ")
    return SObject(name, label, label + "s", key_prefix, _system() + (
        Field("Name", "string", lambda r: f"{label} {r.index:06d}"),
        Field("Account__c", "reference", reference_to="Account"),
        Field("Status__c", "picklist", lambda r: r.pick("status", v.CUSTOM_STATUSES)),
        Field("Category__c", "picklist", lambda r: r.pick("category", v.CUSTOM_CATEGORIES)),
        Field("Amount__c", "currency", lambda r: v.money(r, "amount", 100, 50_000)),
        Field("Quantity__c", "double", lambda r: float(1 + r.number("quantity", 500))),
        Field("Due_Date__c", "date", lambda r: v.date_after_creation(r, "due", 90)),
        Field("Is_Active__c", "boolean", lambda r: r.number("active", 4) != 0),
        Field("Description__c", "textarea",
              lambda r: f"{r.pick('category', v.CUSTOM_CATEGORIES)} request, revision {r.version}"),
    ), custom=True)


class Catalog:
    """The objects of one emulated org, looked up case-insensitively as Salesforce does."""

    def __init__(self, names: Iterable[str]):
        self.objects: dict[str, SObject] = {}
        custom_count = 0
        for name in names:
            if name in STANDARD_OBJECTS:
                sobject = STANDARD_OBJECTS[name]
            elif name.endswith("__c"):
                sobject = custom_object(name, "a0" + BASE62[custom_count])
                custom_count += 1
            else:
                raise ValueError(f"the Salesforce emulator has no standard object {name!r}")
            self.objects[name.lower()] = sobject

    def get(self, name: str) -> SObject | None:
        return self.objects.get(name.lower())

    def __iter__(self):
        return iter(self.objects.values())
